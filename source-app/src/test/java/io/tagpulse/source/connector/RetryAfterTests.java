package io.tagpulse.source.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void shouldReadRetryAfterInSecondsOrAsADate() {
        assertThat(RetryAfter.of(Map.of("Retry-After", List.of("7")), NOW))
            .contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(Map.of("retry-after", List.of("Sun, 22 Nov 2026 10:00:30 GMT")),
                NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void shouldReadResetHeadersOfXAndMastodon() {
        assertThat(RetryAfter.of(Map.of("x-rate-limit-reset",
                List.of(Long.toString(NOW.getEpochSecond() + 90))), NOW)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.of(Map.of("X-RateLimit-Reset", List.of("2026-11-22T10:05:00.000Z")),
                NOW)).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.of(Map.of("X-RateLimit-Reset", List.of("2026-11-22T09:00:00Z")), NOW))
            .contains(Duration.ZERO);
        assertThat(RetryAfter.of(Map.of(), NOW)).isEmpty();
    }

    @Test
    void shouldIgnoreWhatItCannotRead() {
        assertThat(RetryAfter.of(Map.of("Retry-After", List.of("soon")), NOW)).isEmpty();
        assertThat(RetryAfter.of(Map.of("Retry-After", List.of("99999999999999999999")), NOW)).isEmpty();
        assertThat(RetryAfter.of(Map.of("x-rate-limit-reset", List.of("12a")), NOW)).isEmpty();
        assertThat(RetryAfter.of(Map.of("Retry-After", List.of("soon"), "x-rate-limit-reset",
                List.of(Long.toString(NOW.getEpochSecond() + 5))), NOW)).contains(Duration.ofSeconds(5));
    }
}
