package io.tagpulse.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * A stored trending ranking: the top tags of one window by trend score, best first.
 *
 * @param windowStart inclusive start of the ranked window
 * @param windowEnd exclusive end of the ranked window
 * @param partitions how many counter partitions had contributed to the ranking when it was stored
 * @param updatedAt when the ranking was stored
 * @param tags the ranked tags, best first
 */
public record TrendingRanking(Instant windowStart, Instant windowEnd, int partitions, Instant updatedAt,
        List<Entry> tags) {

    /**
     * One tag of a ranking.
     *
     * @param rank 1 for the top tag
     * @param tag the normalized tag
     * @param display the display form stored with the tag's count in the same window, else the tag itself
     * @param count its mentions in the window
     * @param baseline its usual mentions per window before this one
     * @param score {@code (count + s) / (baseline + s)}, s the counter's smoothing
     */
    public record Entry(int rank, String tag, String display, long count, double baseline, double score) {
    }
}
