package io.tagpulse.counter.window;

import io.tagpulse.contracts.HashtagMention;

/**
 * A mention placed in event time, as the window counts take it.
 *
 * @param tag the normalized tag (the record key)
 * @param mention the mention as received
 * @param eventTime the event time it counts at, epoch millis ({@link LateRule#eventTime})
 * @param arrival when its post reached Tagpulse (the record's timestamp), epoch millis
 * @param closeTime the task's close time when it arrived, {@link UpstreamWatermarks#UNKNOWN} before any
 */
public record TimedMention(String tag, HashtagMention mention, long eventTime, long arrival, long closeTime)
        implements WindowInput {
}
