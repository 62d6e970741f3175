package io.tagpulse.dashboard;

import java.time.Instant;

/**
 * The mentions of one tag in one window: a point of its series.
 *
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param count the latest count stored for the window
 */
public record WindowCount(Instant windowStart, Instant windowEnd, long count) {
}
