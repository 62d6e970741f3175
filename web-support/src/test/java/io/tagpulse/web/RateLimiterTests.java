package io.tagpulse.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void shouldAllowABurstThenTheAverageRateTellingHowLongToWait() {
        RateLimiter limiter = new RateLimiter(2, 3, 100, now::get);

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(Duration.ofMillis(500));

        advance(Duration.ofMillis(499));
        assertThat(limiter.acquire("a")).isEqualTo(Duration.ofMillis(1));
        advance(Duration.ofMillis(1));
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void shouldLimitEachClientApart() {
        RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
        assertThat(limiter.acquire("b")).isZero();
    }

    @Test
    void shouldNeverRefillAboveTheBurst() {
        RateLimiter limiter = new RateLimiter(10, 2, 100, now::get);
        limiter.acquire("a");

        advance(Duration.ofHours(1));

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void shouldBoundItsMemoryForgettingIdleClientsAndSharingOneBucketWhenFull() {
        RateLimiter limiter = new RateLimiter(1, 1, 2, now::get);

        limiter.acquire("a");
        limiter.acquire("b");
        // Both buckets are in use: newcomers share the overflow bucket.
        assertThat(limiter.acquire("c")).isZero();
        assertThat(limiter.acquire("d")).isPositive();
        assertThat(limiter.trackedClients()).isEqualTo(3);

        advance(Duration.ofSeconds(5));
        // Everyone is idle (refilled) now: they are forgotten, and e gets a bucket of its own.
        assertThat(limiter.acquire("e")).isZero();
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void shouldRefuseSettingsThatCannotLimit() {
        assertThatThrownBy(() -> new RateLimiter(0, 1, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, 0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
