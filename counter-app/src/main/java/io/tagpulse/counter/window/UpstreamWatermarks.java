package io.tagpulse.counter.window;

import java.util.Map;
import java.util.TreeMap;

import io.tagpulse.contracts.Watermark;

/**
 * What one counter task knows of the processor's progress: for each partition of the processor's input, the newest
 * event time read from it and whether it is idle, as the {@link Watermark}s on this task's partition said. The close
 * time they allow is the oldest mark of the partitions that are not idle: every mention of an event time before it
 * (less the grace, for the disorder within one partition) has arrived. Plain state, no Kafka: the task keeps it in
 * its changelogged clock store.
 */
final class UpstreamWatermarks {

    /** The close time before word of every input partition has come: no window closes. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private int partitions;

    private final Map<Integer, Long> marks = new TreeMap<>();

    private final Map<Integer, Boolean> idle = new TreeMap<>();

    /** Takes in a watermark; the marks only grow, the idle flags follow the latest word. */
    void apply(Watermark watermark) {
        partitions = Math.max(partitions, watermark.partitions());
        watermark.eventTimes().forEach((partition, mark) -> {
            marks.merge(partition, mark, Math::max);
            idle.put(partition, watermark.idle().contains(partition));
        });
        watermark.idle().forEach(partition -> idle.put(partition, true));
    }

    /**
     * @return the oldest mark of the partitions not idle; {@link #UNKNOWN} while a partition has not been heard of,
     *         or when every partition is idle (nothing moves then, so nothing new can close)
     */
    long closeTime() {
        if (partitions == 0) {
            return UNKNOWN;
        }
        long oldest = Long.MAX_VALUE;
        for (int partition = 0; partition < partitions; partition++) {
            if (idle.getOrDefault(partition, false)) {
                continue;
            }
            Long mark = marks.get(partition);
            if (mark == null) {
                return UNKNOWN;
            }
            oldest = Math.min(oldest, mark);
        }
        return oldest == Long.MAX_VALUE ? UNKNOWN : oldest;
    }

    int partitions() {
        return partitions;
    }

    Map<Integer, Long> marks() {
        return marks;
    }

    Map<Integer, Boolean> idle() {
        return idle;
    }

    /** Restores a partition's state from the store. */
    void restore(int partitions, int partition, Long mark, boolean isIdle) {
        this.partitions = Math.max(this.partitions, partitions);
        if (mark != null) {
            marks.put(partition, mark);
        }
        idle.put(partition, isIdle);
    }
}
