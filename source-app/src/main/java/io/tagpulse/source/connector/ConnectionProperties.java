package io.tagpulse.source.connector;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/** How a live source keeps its connection: the same settings for every platform. */
public class ConnectionProperties {

    /** A connection silent this long, heartbeats and keep-alives included, is considered dead and replaced. */
    @NotNull
    private Duration idleTimeout = Duration.ofSeconds(60);

    /** First reconnect delay; it doubles on each failed attempt, with jitter, up to backoff-max. */
    @NotNull
    private Duration backoffInitial = Duration.ofSeconds(1);

    /** Longest reconnect delay. */
    @NotNull
    private Duration backoffMax = Duration.ofMinutes(5);

    /** Cross-field rule: positive durations, and a longest delay no shorter than the first. */
    @AssertTrue(message = "idle-timeout and backoff-initial must be positive, and backoff-max at least backoff-initial")
    public boolean isConnectionTimingValid() {
        return idleTimeout == null || backoffInitial == null || backoffMax == null
                || (positive(idleTimeout) && positive(backoffInitial) && backoffMax.compareTo(backoffInitial) >= 0);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getBackoffInitial() {
        return backoffInitial;
    }

    public void setBackoffInitial(Duration backoffInitial) {
        this.backoffInitial = backoffInitial;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
    }
}
