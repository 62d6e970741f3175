package io.tagpulse.dashboard;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.RelatedTag;

/**
 * One trend as the sink stored it (its latest record, see {@code TrendUpdate}): a tag trending in a scope from its
 * start, with its peak, its status and its figures over the counter's short horizon as of its latest assessment.
 *
 * @param rank its place among the scope's current trends (1 = best), null in the history
 * @param trendId {@code <scope>|<tag>|<startedAt epoch millis>}
 * @param scope where it trends ({@code global}, {@code language:en}, {@code platform:x})
 * @param tag the normalized tag
 * @param status {@code RISING}, {@code HOT}, {@code COOLING} or {@code ENDED}
 * @param startedAt when it first qualified (event time)
 * @param peakAt when it reached its highest rate
 * @param peakPerMinute its highest rate, in mentions per minute
 * @param endedAt when it ended, null while it lasts
 * @param asOf the event time of its latest assessment
 * @param mentions its mentions in the short horizon
 * @param authors its distinct authors in the short horizon (an estimate)
 * @param expected the mentions its baseline expects in a short horizon
 * @param score its significance against that baseline (about the standard deviations above expected)
 * @param perMinute its rate over the last minute, in mentions per minute
 * @param related the tags that co-occur with it most, most first
 * @param moderated whether it ended because its tag was blocked or hidden
 */
public record Trend(Integer rank, String trendId, String scope, String tag, String status, Instant startedAt,
        Instant peakAt, long peakPerMinute, Instant endedAt, Instant asOf, long mentions, long authors,
        double expected, double score, long perMinute, List<RelatedTag> related, boolean moderated) {

    public Trend {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** @return this trend at a place in a ranking */
    public Trend ranked(int place) {
        return new Trend(place, trendId, scope, tag, status, startedAt, peakAt, peakPerMinute, endedAt, asOf,
                mentions, authors, expected, score, perMinute, related, moderated);
    }
}
