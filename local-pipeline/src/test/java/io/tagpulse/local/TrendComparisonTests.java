package io.tagpulse.local;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.TrendUpdate;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendComparisonTests {

    private static final Instant START = Instant.parse("2026-12-07T05:00:00Z");

    private static final KeyValue<String, TrendUpdate> JAVA_RISING = update("java", TrendUpdate.RISING, 0, 7.5);

    private static final KeyValue<String, TrendUpdate> JAVA_ENDED = update("java", TrendUpdate.ENDED, 60, 1.5);

    private static final KeyValue<String, TrendUpdate> KAFKA_HOT = update("kafka", TrendUpdate.HOT, 10, 9.0);

    @Test
    void shouldFindNoDifferenceWhenEveryKeyHasTheSameUpdatesInTheSameOrderWhateverThePartitions() {
        TrendComparison comparison = TrendComparison.of(List.of(List.of(JAVA_RISING, JAVA_ENDED), List.of(KAFKA_HOT)),
                List.of(List.of(JAVA_RISING, KAFKA_HOT, JAVA_ENDED)));

        assertThat(comparison.differences()).isEmpty();
        assertThat(comparison.trendIds()).containsExactly(JAVA_RISING.value.trendId(), KAFKA_HOT.value.trendId());
        assertThat(comparison.ended()).isEqualTo(1);
        assertThat(comparison.updates()).isEqualTo(3);
    }

    @Test
    void shouldNameTheFirstUpdateOfAKeyThatDiffersInAnyField() {
        KeyValue<String, TrendUpdate> otherScore = update("java", TrendUpdate.ENDED, 60, 1.25);

        TrendComparison comparison = TrendComparison.of(List.of(List.of(JAVA_RISING, JAVA_ENDED)),
                List.of(List.of(JAVA_RISING, otherScore)));

        assertThat(comparison.differences()).singleElement().asString().startsWith("global|java: update 2 of 2 differs");
    }

    @Test
    void shouldFindTheUpdatesOfADroppedPartitionMissing() {
        TrendComparison comparison = TrendComparison.of(List.of(List.of(JAVA_RISING, JAVA_ENDED)),
                List.of(List.of(JAVA_RISING, JAVA_ENDED), List.of(KAFKA_HOT)));

        assertThat(comparison.differences()).singleElement().asString()
            .startsWith("global|kafka: 0 updates expected, 1 written (extra from");
    }

    @Test
    void shouldFindARepeatedOrReorderedUpdate() {
        List<List<KeyValue<String, TrendUpdate>>> expected = List.of(List.of(JAVA_RISING, JAVA_ENDED));

        assertThat(TrendComparison.of(expected, List.of(List.of(JAVA_RISING, JAVA_RISING, JAVA_ENDED)))
            .differences()).singleElement().asString().startsWith("global|java: update 2 of 2 differs");
        assertThat(TrendComparison.of(expected, List.of(List.of(JAVA_ENDED, JAVA_RISING))).differences())
            .hasSize(1);
        assertThat(TrendComparison.of(expected, List.of(List.of(JAVA_RISING))).differences()).singleElement()
            .asString().startsWith("global|java: 2 updates expected, 1 written (missing from");
    }

    private static KeyValue<String, TrendUpdate> update(String tag, String status, long asOfSeconds, double score) {
        Instant asOf = START.plusSeconds(asOfSeconds);
        TrendUpdate update = new TrendUpdate("global|" + tag + "|" + START.toEpochMilli(), "global", tag, status,
                START, START, 30, TrendUpdate.ENDED.equals(status) ? asOf : null, asOf, 40, 12, 0.5, score, 30,
                List.of(), false, TrendUpdate.CURRENT_VERSION);
        return KeyValue.pair("global|" + tag, update);
    }
}
