package io.tagpulse.local;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountErrorTests {

    private static final long SECOND = 1_000;

    @Test
    void shouldSumTheDifferencesOverTheWindowsThatEndedByTheCutOff() {
        Map<String, Map<Long, Long>> expected = Map.of("kafka", Map.of(0L, 5L, 1_000L, 3L, 2_000L, 7L),
                "java", Map.of(0L, 2L));
        Map<String, Map<Long, Long>> stored = Map.of("kafka", Map.of(0L, 5L, 1_000L, 4L, 2_000L, 1L),
                "java", Map.of(0L, 2L));

        // Windows [0, 1 s) and [1 s, 2 s) ended by 2 s; [2 s, 3 s), far off still, is not compared yet.
        assertThat(CountError.between(expected, stored, SECOND, 2_000)).isEqualTo(new CountError(3, 1, 1));
        assertThat(CountError.between(expected, stored, SECOND, 3_000)).isEqualTo(new CountError(4, 2, 7));
    }

    @Test
    void shouldCountAWindowMissingOnEitherSideAsZeroThere() {
        Map<String, Map<Long, Long>> expected = Map.of("kafka", Map.of(0L, 5L));
        Map<String, Map<Long, Long>> stored = Map.of("java", Map.of(0L, 2L), "kafka", Map.of(1_000L, 3L));

        // kafka@0 lost (5), kafka@1s and java@0 stored though no post holds them (3 + 2).
        assertThat(CountError.between(expected, stored, SECOND, 2_000)).isEqualTo(new CountError(3, 3, 10));
    }

    @Test
    void shouldFindNoErrorWhenEveryWindowIsExact() {
        Map<String, Map<Long, Long>> counts = Map.of("kafka", Map.of(0L, 5L, 1_000L, 3L));

        assertThat(CountError.between(counts, Map.copyOf(counts), SECOND, Long.MAX_VALUE / 2))
            .isEqualTo(new CountError(2, 0, 0));
        assertThat(CountError.between(Map.of(), Map.of(), SECOND, 5_000)).isEqualTo(new CountError(0, 0, 0));
    }
}
