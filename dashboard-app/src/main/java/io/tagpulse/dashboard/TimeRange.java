package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time range {@code [from, to)} of window starts.
 *
 * @param from inclusive start
 * @param to exclusive end, not before {@code from}
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("'from' " + from + " is after 'to' " + to);
        }
    }

    /** @return how long the range is */
    public Duration length() {
        return Duration.between(from, to);
    }
}
