package io.tagpulse.dashboard.app;

import java.time.Instant;
import java.util.List;

import io.tagpulse.dashboard.TrendingRanking;

/**
 * The answer of {@code /api/trending} and the data of the live stream's {@code trending} events: the latest complete
 * ranking, or nulls and no tags when none is stored.
 *
 * @param windowStart inclusive start of the ranked window
 * @param windowEnd exclusive end of the ranked window
 * @param partitions how many counter partitions contributed to the ranking
 * @param updatedAt when the ranking was stored
 * @param tags the ranked tags, best first
 */
record TrendingAnswer(Instant windowStart, Instant windowEnd, Integer partitions, Instant updatedAt,
        List<TrendingRanking.Entry> tags) {

    static TrendingAnswer of(TrendingRanking ranking) {
        return ranking == null ? new TrendingAnswer(null, null, null, null, List.of())
                : new TrendingAnswer(ranking.windowStart(), ranking.windowEnd(), ranking.partitions(),
                        ranking.updatedAt(), ranking.tags());
    }
}
