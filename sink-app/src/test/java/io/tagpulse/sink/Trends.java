package io.tagpulse.sink;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendUpdate;

/** Trend records for tests. */
public final class Trends {

    private Trends() {
    }

    /** @return a record of the trend of {@code tag} in {@code scope} started at {@code startedAt}, as of {@code asOf} */
    public static TrendUpdate trend(String scope, String tag, Instant startedAt, Instant asOf, String status,
            long mentions) {
        return new TrendUpdate(TrendUpdate.trendId(scope, tag, startedAt), scope, tag, status, startedAt, startedAt,
                mentions, TrendUpdate.ENDED.equals(status) ? asOf : null, asOf, mentions, mentions / 2 + 1,
                mentions / 10.0, 4.5, mentions, List.of(new RelatedTag("related", mentions / 3)), false,
                TrendUpdate.CURRENT_VERSION);
    }

    /** @return a RISING global trend's first record */
    public static TrendUpdate started(String tag, Instant startedAt) {
        return trend("global", tag, startedAt, startedAt, TrendUpdate.RISING, 40);
    }
}
