package io.tagpulse.dashboard;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TrendCoalescerTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static TrendUpdate trend(String scope, String tag, String status, int asOfSecond, double score) {
        Instant asOf = T0.plusSeconds(asOfSecond);
        return new TrendUpdate(TrendUpdate.trendId(scope, tag, T0), scope, tag, status, T0, T0, 1,
                TrendUpdate.ENDED.equals(status) ? asOf : null, asOf, 1, 1, 1.0, score, 1, List.of(), false, null);
    }

    @Test
    void shouldKeepTheLatestAssessmentOfEachKeyEndedFirstThenByScore() {
        TrendCoalescer coalescer = new TrendCoalescer();
        coalescer.add(trend("global", "kafka", TrendUpdate.RISING, 10, 3.0));
        coalescer.add(trend("global", "kafka", TrendUpdate.HOT, 20, 9.0));
        coalescer.add(trend("global", "kafka", TrendUpdate.RISING, 15, 4.0)); // late: older than the kept one
        coalescer.add(trend("language:en", "kafka", TrendUpdate.RISING, 20, 5.0));
        coalescer.add(trend("global", "java", TrendUpdate.ENDED, 20, 1.0));

        assertThat(coalescer.drain(10)).extracting(TrendUpdate::scope, TrendUpdate::tag, TrendUpdate::status)
            .containsExactly(tuple("global", "java", "ENDED"), tuple("global", "kafka", "HOT"),
                    tuple("language:en", "kafka", "RISING"));
        assertThat(coalescer.drain(10)).isEmpty();
    }

    @Test
    void shouldReturnAtMostTheMaximum() {
        TrendCoalescer coalescer = new TrendCoalescer();
        for (int i = 0; i < 5; i++) {
            coalescer.add(trend("global", "tag" + i, TrendUpdate.HOT, 1, i));
        }
        assertThat(coalescer.drain(2)).extracting(TrendUpdate::tag).containsExactly("tag4", "tag3");
    }
}
