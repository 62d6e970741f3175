package io.tagpulse.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.HashtagCount;

/**
 * Gathers the counts stored since the last live update into one: a later count of the same tag and window replaces
 * the earlier one (it carries the running total), and only counts of the velocity window size are kept (the ones
 * the dashboard charts). Thread-safe: the store adds, the live stream drains.
 */
public final class CountCoalescer {

    private final long windowMs;

    private final Map<Key, HashtagCount> pending = new HashMap<>();

    private long received;

    /** @param windowMs the size of the windows kept, in milliseconds */
    public CountCoalescer(long windowMs) {
        this.windowMs = windowMs;
    }

    private record Key(String tag, Instant windowStart) {
    }

    /**
     * One live update of the counts.
     *
     * @param updates the latest count of each tag and window since the previous update, most mentions first
     * @param omitted how many more tag windows changed than {@code updates} holds
     * @param newestWindowEnd the end of the newest window among all changes, null when nothing changed
     */
    public record Update(List<Change> updates, int omitted, Instant newestWindowEnd) {

        /** @return whether nothing changed */
        public boolean isEmpty() {
            return updates.isEmpty() && omitted == 0;
        }
    }

    /**
     * The new count of one tag in one window.
     *
     * @param tag the normalized tag
     * @param display the form to show
     * @param windowStart inclusive start of the window
     * @param windowEnd exclusive end of the window
     * @param count the window's running total
     */
    public record Change(String tag, String display, Instant windowStart, Instant windowEnd, long count) {
    }

    /** Keeps the count if it is of the velocity window size, replacing an earlier one of the same tag and window. */
    public synchronized void add(HashtagCount count) {
        Instant start = count.windowStart().truncatedTo(ChronoUnit.MILLIS);
        Instant end = count.windowEnd().truncatedTo(ChronoUnit.MILLIS);
        if (end.toEpochMilli() - start.toEpochMilli() != windowMs) {
            return;
        }
        received++;
        pending.put(new Key(count.tag(), start), count);
    }

    /** @return how many counts were kept since this coalescer was made */
    public synchronized long received() {
        return received;
    }

    /**
     * Takes everything gathered since the previous call.
     *
     * @param max the most changes to return: those with the most mentions (ties: newest window, then by tag)
     */
    public Update drain(int max) {
        List<HashtagCount> counts;
        synchronized (this) {
            counts = new ArrayList<>(pending.values());
            pending.clear();
        }
        Instant newestEnd = counts.stream().map(HashtagCount::windowEnd).max(Comparator.naturalOrder()).orElse(null);
        counts.sort(Comparator.comparingLong(HashtagCount::count).reversed()
            .thenComparing(HashtagCount::windowStart, Comparator.reverseOrder())
            .thenComparing(HashtagCount::tag));
        List<Change> changes = counts.stream()
            .limit(max)
            .map(count -> new Change(count.tag(), count.displayOrTag(), count.windowStart(), count.windowEnd(),
                    count.count()))
            .toList();
        return new Update(changes, counts.size() - changes.size(), newestEnd);
    }
}
