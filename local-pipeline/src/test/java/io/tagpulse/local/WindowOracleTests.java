package io.tagpulse.local;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WindowOracleTests {

    private static final Corpus.CountedPost POST = new Corpus.CountedPost(Instant.parse("2026-12-06T12:00:05.500Z"),
            List.of("Kafka", "KAFKA", "java"));

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldCountEachNormalizedTagOncePerPostInItsTumblingWindow() {
        Map<String, Map<Long, Long>> counts = WindowOracle.counts(List.of(POST, POST), 1_000, 1_000);

        assertThat(counts).isEqualTo(Map.of("kafka", Map.of(at("2026-12-06T12:00:05Z"), 2L), "java",
                Map.of(at("2026-12-06T12:00:05Z"), 2L)));
        assertThat(WindowOracle.rows(counts)).isEqualTo(2);
    }

    @Test
    void shouldCountAPostInEveryHoppingWindowThatHoldsIt() {
        Map<String, Map<Long, Long>> counts = WindowOracle.counts(List.of(POST), 60_000, 10_000);

        assertThat(counts.get("kafka")).containsOnlyKeys(at("2026-12-06T11:59:10Z"), at("2026-12-06T11:59:20Z"),
                at("2026-12-06T11:59:30Z"), at("2026-12-06T11:59:40Z"), at("2026-12-06T11:59:50Z"),
                at("2026-12-06T12:00:00Z"));
        assertThat(counts.get("kafka").values()).containsOnly(1L);
    }

    @Test
    void shouldPutAPostOnAWindowBoundaryInTheWindowItStartsAndNotTheOneItEnds() {
        Corpus.CountedPost onBoundary = new Corpus.CountedPost(Instant.parse("2026-12-06T13:00:00Z"), List.of("x"));

        assertThat(WindowOracle.counts(List.of(onBoundary), 3_600_000, 3_600_000))
            .isEqualTo(Map.of("x", Map.of(at("2026-12-06T13:00:00Z"), 1L)));
        assertThat(WindowOracle.counts(List.of(onBoundary), 60_000, 10_000).get("x"))
            .containsOnlyKeys(at("2026-12-06T12:59:10Z"), at("2026-12-06T12:59:20Z"), at("2026-12-06T12:59:30Z"),
                    at("2026-12-06T12:59:40Z"), at("2026-12-06T12:59:50Z"), at("2026-12-06T13:00:00Z"));
    }
}
