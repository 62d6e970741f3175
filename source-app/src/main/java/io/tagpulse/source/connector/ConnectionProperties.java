package io.tagpulse.source.connector;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    /** How many times a post Kafka refused is sent again before reading stops and health says why. */
    @Min(0)
    @Max(100)
    private int sendRetries = 5;

    /** Delay before the first resend of a refused post; it doubles with each retry, with jitter, up to 16 times it. */
    @NotNull
    private Duration sendRetryBackoff = Duration.ofSeconds(1);

    /** Cross-field rule: positive durations, and a longest delay no shorter than the first. */
    @AssertTrue(message = "idle-timeout, backoff-initial and send-retry-backoff must be positive, and backoff-max at "
            + "least backoff-initial")
    public boolean isConnectionTimingValid() {
        return idleTimeout == null || backoffInitial == null || backoffMax == null || sendRetryBackoff == null
                || (positive(idleTimeout) && positive(backoffInitial) && positive(sendRetryBackoff)
                        && backoffMax.compareTo(backoffInitial) >= 0);
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

    public int getSendRetries() {
        return sendRetries;
    }

    public void setSendRetries(int sendRetries) {
        this.sendRetries = sendRetries;
    }

    public Duration getSendRetryBackoff() {
        return sendRetryBackoff;
    }

    public void setSendRetryBackoff(Duration sendRetryBackoff) {
        this.sendRetryBackoff = sendRetryBackoff;
    }
}
