package io.tagpulse.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendBatchTests {

    private static final Instant T0 = Instant.parse("2026-09-01T12:00:00Z");

    private static byte[] json(TrendUpdate trend) {
        return TagpulseJson.write(trend);
    }

    @Test
    void shouldKeepTheRecordOfTheLatestMomentOfEachTrend() {
        TrendUpdate first = Trends.started("kafka", T0);
        TrendUpdate later = Trends.trend("global", "kafka", T0, T0.plusSeconds(10), TrendUpdate.HOT, 80);
        TrendUpdate other = Trends.started("java", T0);

        RecordBatch<TrendUpdate> batch = TrendBatch.of(List.of(json(later), json(other), json(first)));

        assertThat(batch.values()).containsExactly(later, other);
        assertThat(batch.rows().get(0).records()).containsExactly(0, 2);
        assertThat(batch.validRecords()).isEqualTo(3);
    }

    @Test
    void shouldRejectEachInvalidRecordWithItsReason() {
        TrendUpdate valid = Trends.started("kafka", T0);
        TrendUpdate wrongId = new TrendUpdate("global|other|1", "global", "kafka", TrendUpdate.RISING, T0, T0, 1, null,
                T0, 1, 1, 1, 1, 1, List.of(), false, 1);
        TrendUpdate noPeak = new TrendUpdate(valid.trendId(), "global", "kafka", TrendUpdate.RISING, T0, null, 1, null,
                T0, 1, 1, Double.NaN, 1, 1, List.of(), false, 1);

        RecordBatch<TrendUpdate> batch = TrendBatch.of(List.of("{\"trendId\":".getBytes(StandardCharsets.UTF_8),
                "{\"trendId\":\"x\",\"scope\":\"moon\"}".getBytes(StandardCharsets.UTF_8), json(wrongId), json(noPeak),
                json(valid)));

        assertThat(batch.values()).containsExactly(valid);
        assertThat(batch.rejected()).extracting(rejection -> rejection.reason().getMessage())
            .satisfiesExactly(
                    reason -> assertThat(reason).startsWith("unreadable TrendUpdate"),
                    reason -> assertThat(reason).startsWith("unreadable TrendUpdate"),
                    reason -> assertThat(reason).contains("'trendId' must start with '<scope>|<tag>|'"),
                    reason -> assertThat(reason).contains("'peakAt'").contains("finite"));
    }
}
