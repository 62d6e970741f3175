package io.tagpulse.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.TrendUpdate;

/**
 * Gathers the trend records read since the last live update into one: the record of a trend key
 * ({@code <scope>|<tag>}) with the latest assessment replaces the others. Thread-safe: the relay adds, the live stream
 * drains.
 */
public final class TrendCoalescer {

    private final Map<String, TrendUpdate> pending = new HashMap<>();

    /** Keeps the record unless one of the same key with a later assessment is already kept. */
    public synchronized void add(TrendUpdate trend) {
        pending.merge(TrendUpdate.key(trend.scope(), trend.tag()), trend,
                (kept, read) -> read.asOf().isBefore(kept.asOf()) ? kept : read);
    }

    /**
     * Takes everything gathered since the previous call.
     *
     * @param max the most records to return: ended ones first (a page must drop them), then by score, highest first
     * @return the latest record of each key, at most {@code max}
     */
    public List<TrendUpdate> drain(int max) {
        List<TrendUpdate> trends;
        synchronized (this) {
            trends = new ArrayList<>(pending.values());
            pending.clear();
        }
        trends.sort(Comparator.comparing((TrendUpdate trend) -> !trend.ended())
            .thenComparing(TrendUpdate::score, Comparator.reverseOrder())
            .thenComparing(TrendUpdate::tag));
        return trends.size() > max ? List.copyOf(trends.subList(0, max)) : trends;
    }
}
