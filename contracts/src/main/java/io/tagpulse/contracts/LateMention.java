package io.tagpulse.contracts;

import java.time.Instant;

/**
 * A mention that arrived after one of its windows had closed, so it is not counted in that window. Written to the
 * late-mentions topic, keyed by tag, once per closed window the mention belonged to.
 *
 * @param mention the mention as received
 * @param windowStart inclusive start of the closed window it missed
 * @param windowEnd exclusive end of that window
 * @param streamTime the counter's time when the mention arrived (newest event time seen, or its wall-clock
 *        extrapolation on a quiet partition)
 * @param latenessMillis how far {@code streamTime} was past the window's close ({@code windowEnd + grace}), at least 0
 */
public record LateMention(HashtagMention mention, Instant windowStart, Instant windowEnd, Instant streamTime,
        long latenessMillis) {
}
