package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;

import io.tagpulse.sink.AlertRetryPolicy.Attempt;
import io.tagpulse.sink.AlertRetryPolicy.Decision;
import io.tagpulse.sink.AlertRetryPolicy.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertRetryPolicyTests {

    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    private final AlertRetryPolicy policy = new AlertRetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(2));

    private Decision decide(int attempt, Attempt result) {
        return policy.decide(attempt, result, Duration.ZERO, NOW, () -> 0.5);
    }

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource(textBlock = """
            200, SENT
            202, SENT
            204, SENT
            408, RETRY
            429, RETRY
            500, RETRY
            502, RETRY
            503, RETRY
            504, RETRY
            301, FAILED
            400, FAILED
            401, FAILED
            403, FAILED
            404, FAILED
            410, FAILED
            422, FAILED
            """)
    void shouldRetryOnlyWhatMaySucceedLater(int status, Verdict verdict) {
        assertThat(decide(1, new Attempt(status, null, null)).verdict()).isEqualTo(verdict);
    }

    @Test
    void shouldRetryWhenThereWasNoAnswer() {
        Decision decision = decide(1, Attempt.noAnswer("no answer within PT10S"));

        assertThat(decision.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(decision.reason()).isEqualTo("no answer within PT10S");
    }

    @Test
    void shouldBackOffExponentiallyUpToTheMaximumWithHalfOfItJittered() {
        assertThat(policy.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(1, 0.999_999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(policy.backoff(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(4, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(5, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(60, 0.5)).isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void shouldWaitAtLeastWhatRetryAfterAsks() {
        assertThat(decide(1, new Attempt(429, "7", null)).delay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(decide(1, new Attempt(503, "Sun, 06 Dec 2026 09:00:30 GMT", null)).delay())
            .isEqualTo(Duration.ofSeconds(30));
        // Asking for less than the back-off, for a time past, or nonsense: the back-off.
        assertThat(decide(3, new Attempt(429, "0", null)).delay()).isEqualTo(Duration.ofMillis(3000));
        assertThat(decide(1, new Attempt(429, "Sun, 06 Dec 2026 08:00:00 GMT", null)).delay())
            .isEqualTo(Duration.ofMillis(750));
        assertThat(decide(1, new Attempt(429, "soon", null)).delay()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void shouldGiveUpAfterMaxAttempts() {
        Decision decision = decide(5, new Attempt(503, null, "busy"));

        assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(decision.reason()).isEqualTo("HTTP 503: busy (gave up after 5 attempts)");
    }

    @Test
    void shouldGiveUpWhenTheNextAttemptWouldStartAfterMaxTotalTime() {
        assertThat(policy.decide(2, new Attempt(503, null, null), Duration.ofSeconds(118), NOW, () -> 0.5).verdict())
            .isEqualTo(Verdict.RETRY);
        assertThat(policy.decide(2, new Attempt(503, null, null), Duration.ofSeconds(119), NOW, () -> 0.5).verdict())
            .isEqualTo(Verdict.FAILED);
        assertThat(policy.decide(1, new Attempt(429, "3600", null), Duration.ZERO, NOW, () -> 0.5).reason())
            .contains("would start after max-total-time");
    }

    @Test
    void shouldRefuseAPolicyThatCannotWork() {
        assertThatThrownBy(() -> new AlertRetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertRetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
