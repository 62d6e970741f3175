package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.DayAuthors;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;

/** A trend as the trends topic carries it ({@link TrendUpdate}), from its lifecycle and its tag's related tags. */
public final class TrendUpdates {

    private TrendUpdates() {
    }

    /**
     * @param scope where it trends
     * @param tag the normalized tag
     * @param trend the trend as it stands at {@code asOf}
     * @param asOf the event time it was judged at
     * @param related the tag's most co-occurring tags with their decayed counts, most first
     * @param moderated whether it ended because its tag was blocked or hidden
     * @param authorsByDay the tag's distinct authors per UTC day, newest first (empty outside the global scope)
     */
    public static TrendUpdate of(TrendScope scope, String tag, TrendLifecycle.Snapshot trend, long asOf,
            List<Map.Entry<String, Double>> related, boolean moderated, List<DayAuthors> authorsByDay) {
        Instant startedAt = Instant.ofEpochMilli(trend.startedAt());
        Assessment latest = trend.latest();
        List<RelatedTag> relatedTags = related.stream()
            .limit(TrendUpdate.MAX_RELATED)
            .map(entry -> new RelatedTag(entry.getKey(), Math.round(entry.getValue())))
            .toList();
        return new TrendUpdate(TrendUpdate.trendId(scope.toString(), tag, startedAt), scope.toString(), tag,
                trend.phase().name(), startedAt, Instant.ofEpochMilli(trend.peakAt()), trend.peakRate(),
                trend.endedAt() < 0 ? null : Instant.ofEpochMilli(trend.endedAt()), Instant.ofEpochMilli(asOf),
                latest.mentions(), latest.authors(), latest.expected(), latest.score(), latest.ratePerMinute(),
                relatedTags, moderated, authorsByDay, TrendUpdate.CURRENT_VERSION);
    }
}
