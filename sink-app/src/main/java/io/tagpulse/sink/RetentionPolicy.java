package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How long stored windows are kept, by window size: each size may have a rule of its own (the hourly stream's hour
 * windows are few and useful for long, the 1-second ones many and useful for a day or two), and every other size
 * follows the general rule. A rule of zero keeps the windows forever.
 */
public final class RetentionPolicy {

    private final Duration otherwise;

    private final Map<Long, Duration> bySize;

    /**
     * @param otherwise how long windows of a size without a rule of its own are kept (zero: forever)
     * @param bySize how long windows of each size are kept (zero: forever), by size
     */
    public RetentionPolicy(Duration otherwise, Map<Duration, Duration> bySize) {
        if (otherwise.isNegative() || bySize.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retention must not be negative: " + otherwise + ", " + bySize);
        }
        if (bySize.keySet().stream().anyMatch(size -> size.toMillis() < 1)) {
            throw new IllegalArgumentException("window sizes must be at least a millisecond: " + bySize.keySet());
        }
        this.otherwise = otherwise;
        this.bySize = new TreeMap<>();
        bySize.forEach((size, retention) -> this.bySize.put(size.toMillis(), retention));
    }

    /**
     * One delete: the windows of one size, or of every size without a rule of its own, that started before a time.
     *
     * @param windowSizeMs the size whose windows are deleted, null for every size not in {@code otherSizesMs}
     * @param otherSizesMs the sizes with a rule of their own, which a delete of every other size leaves alone
     * @param before windows that started before this are deleted
     */
    public record Cutoff(Long windowSizeMs, Set<Long> otherSizesMs, Instant before) {

        /** @return the windows this deletes, for logs: {@code PT1H windows} or {@code windows of other sizes} */
        public String windows() {
            return windowSizeMs != null ? Duration.ofMillis(windowSizeMs) + " windows"
                    : otherSizesMs.isEmpty() ? "windows" : "windows of other sizes";
        }
    }

    /** @return whether any window is ever deleted */
    public boolean deletesAnything() {
        return !otherwise.isZero() || bySize.values().stream().anyMatch(retention -> !retention.isZero());
    }

    /** @return the deletes due at this time: one per size with a rule of its own, one for the others (none for zero) */
    public List<Cutoff> cutoffs(Instant now) {
        List<Cutoff> cutoffs = new ArrayList<>();
        Set<Long> sizes = new TreeSet<>(bySize.keySet());
        bySize.forEach((size, retention) -> {
            if (!retention.isZero()) {
                cutoffs.add(new Cutoff(size, Set.of(), now.minus(retention)));
            }
        });
        if (!otherwise.isZero()) {
            cutoffs.add(new Cutoff(null, Set.copyOf(sizes), now.minus(otherwise)));
        }
        return cutoffs;
    }
}
