package io.tagpulse.contracts;

import java.time.Instant;

/**
 * A mention the counter did not count in one of its windows, because it is late for it. Written to the
 * late-mentions topic, keyed by tag, once per window the mention belonged to and missed, so that for every window
 * "counted + late = all its mentions".
 *
 * @param mention the mention as received
 * @param windowStart inclusive start of the window it missed
 * @param windowEnd exclusive end of that window
 * @param streamTime the counter's close time when the mention arrived: how far, in event time, the processor had
 *        read every partition of its input (the watermark), or {@code null} before it had word of every partition
 * @param latenessMillis for {@link #WINDOW_CLOSED}, how far the close time was past the window's close
 *        ({@code windowEnd + grace}); for {@link #TOO_OLD}, how far the mention's arrival was past its event time
 *        plus the maximum delay; at least 0
 * @param reason {@link #WINDOW_CLOSED} or {@link #TOO_OLD}; absent from producers older than the field
 */
public record LateMention(HashtagMention mention, Instant windowStart, Instant windowEnd, Instant streamTime,
        long latenessMillis, String reason) {

    /** The window had closed: every input partition had been read past its end plus grace. */
    public static final String WINDOW_CLOSED = "window-closed";

    /** The post reached Tagpulse more than the counter's maximum delay after it was created. */
    public static final String TOO_OLD = "too-old";
}
