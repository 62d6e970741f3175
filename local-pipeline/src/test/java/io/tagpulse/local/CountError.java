package io.tagpulse.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far the stored counts are from the brute-force ones, over the windows that ended before a cut-off (those the
 * pipeline must have finished): the windows (tag, window start) whose stored count differs from the expected one, a
 * window missing on either side counting as 0 there, and the sum of the differences' sizes (mentions off).
 *
 * @param windowsCompared the windows that ended before the cut-off on either side
 * @param windowsDiffering those whose stored count is not the expected one
 * @param mentionsOff the sum of |stored - expected| over them
 */
record CountError(long windowsCompared, long windowsDiffering, long mentionsOff) {

    /**
     * @param expected the brute-force counts, by tag and window start (epoch ms)
     * @param stored the stored counts, the same way
     * @param windowMillis the windows' size
     * @param endedBy the cut-off (epoch ms): windows whose end is at or before it are compared
     */
    static CountError between(Map<String, Map<Long, Long>> expected, Map<String, Map<Long, Long>> stored,
            long windowMillis, long endedBy) {
        Set<String> tags = new TreeSet<>(expected.keySet());
        tags.addAll(stored.keySet());
        long compared = 0;
        long differing = 0;
        long off = 0;
        for (String tag : tags) {
            Map<Long, Long> want = expected.getOrDefault(tag, Map.of());
            Map<Long, Long> got = stored.getOrDefault(tag, Map.of());
            Set<Long> starts = new TreeSet<>(want.keySet());
            starts.addAll(got.keySet());
            for (long start : starts) {
                if (start + windowMillis > endedBy) {
                    continue;
                }
                compared++;
                long difference = Math.abs(got.getOrDefault(start, 0L) - want.getOrDefault(start, 0L));
                if (difference != 0) {
                    differing++;
                    off += difference;
                }
            }
        }
        return new CountError(compared, differing, off);
    }
}
