package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * What to do after one attempt to deliver an alert: done, try again after a delay, or give up.
 * <ul>
 * <li>2xx: sent.</li>
 * <li>408, 429, 5xx, and no answer at all (timeout, connection refused or reset): retried, after an exponential
 * back-off with jitter ({@code initialBackoff · 2^(attempt-1)}, at most {@code maxBackoff}, of which a random half is
 * waited less, so that many alerts failing together do not retry together), or after the answer's
 * {@code Retry-After} (seconds or an HTTP date) when it asks for longer.</li>
 * <li>any other answer (a 4xx such as 400, 401, 404, or a 3xx, which is not followed): not retried, it would fail
 * again.</li>
 * </ul>
 * Attempts are bounded twice: at most {@code maxAttempts}, and none that would start later than {@code maxTotalTime}
 * after the alert was claimed (a Retry-After beyond it gives up at once).
 *
 * @param maxAttempts the most attempts in all
 * @param initialBackoff the back-off after the first failed attempt
 * @param maxBackoff the longest back-off (a Retry-After may ask for more)
 * @param maxTotalTime the longest time from the claim to the start of the last attempt
 */
public record AlertRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalTime) {

    public AlertRetryPolicy {
        if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || maxTotalTime.isNegative()) {
            throw new IllegalArgumentException("invalid alert retry policy: " + maxAttempts + " attempts, back-off "
                    + initialBackoff + " to " + maxBackoff + ", at most " + maxTotalTime);
        }
    }

    /** The answer to one attempt. */
    public enum Verdict {
        /** Delivered. */
        SENT,
        /** Try again after {@link Decision#delay()}. */
        RETRY,
        /** Give up. */
        FAILED
    }

    /**
     * One attempt's result.
     *
     * @param status the HTTP status, or -1 when there was no answer (timeout, connection failure)
     * @param retryAfter the answer's {@code Retry-After} header, null when absent
     * @param error what went wrong, for the record (null when sent)
     */
    public record Attempt(int status, String retryAfter, String error) {

        /** @return an attempt that got no answer */
        public static Attempt noAnswer(String error) {
            return new Attempt(-1, null, error);
        }
    }

    /**
     * @param verdict what to do
     * @param delay how long to wait before the next attempt ({@link Verdict#RETRY} only, else zero)
     * @param reason why, for logs and the alert's {@code last_error}
     */
    public record Decision(Verdict verdict, Duration delay, String reason) {
    }

    /**
     * @param attempt the attempt just made, from 1
     * @param result its result
     * @param elapsed the time since the alert was claimed
     * @param now the current time (to read a Retry-After date)
     * @param random a uniform random number in [0, 1) (the jitter)
     * @return what to do next
     */
    public Decision decide(int attempt, Attempt result, Duration elapsed, Instant now, DoubleSupplier random) {
        int status = result.status();
        if (status >= 200 && status < 300) {
            return new Decision(Verdict.SENT, Duration.ZERO, "HTTP " + status);
        }
        String what = status < 0 ? result.error() : "HTTP " + status + (result.error() == null ? ""
                : ": " + result.error());
        boolean retryable = status < 0 || status == 408 || status == 429 || status >= 500;
        if (!retryable) {
            return new Decision(Verdict.FAILED, Duration.ZERO, what + " (not retried)");
        }
        if (attempt >= maxAttempts) {
            return new Decision(Verdict.FAILED, Duration.ZERO, what + " (gave up after " + attempt + " attempts)");
        }
        Duration delay = backoff(attempt, random.getAsDouble());
        Duration asked = retryAfter(result.retryAfter(), now);
        if (asked != null && asked.compareTo(delay) > 0) {
            delay = asked;
        }
        if (elapsed.plus(delay).compareTo(maxTotalTime) > 0) {
            return new Decision(Verdict.FAILED, Duration.ZERO, what + " (gave up: the next attempt, in " + delay
                    + ", would start after max-total-time " + maxTotalTime + ")");
        }
        return new Decision(Verdict.RETRY, delay, what);
    }

    /** @return the back-off after the attempt: half of it fixed, half of it random */
    Duration backoff(int attempt, double random) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long full = initial;
        for (int i = 1; i < attempt && full < max; i++) {
            full *= 2;
        }
        full = Math.min(full, max);
        return Duration.ofMillis(full / 2 + (long) (random * (full - full / 2)));
    }

    /** @return the wait a Retry-After header asks for (delta-seconds or an HTTP date), null when none or unreadable */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        }
        catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            }
            catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
