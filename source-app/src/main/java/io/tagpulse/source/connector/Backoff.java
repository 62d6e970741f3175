package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter for reconnecting to a live source: the ceiling doubles with each failed attempt up
 * to a maximum, and the wait is drawn between half the ceiling and the ceiling ("equal jitter"), so that many clients
 * cut off at once do not come back at once.
 */
public final class Backoff {

    private final Duration initial;

    private final Duration max;

    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** @param attempt 0 for the first retry after a failure, 1 for the next, ... */
    public Duration delay(int attempt) {
        long ceiling = initial.toMillis();
        for (int i = 0; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }
}
