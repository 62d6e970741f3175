package io.tagpulse.dashboard;

import java.time.Instant;

/**
 * One bucket of a tag's series: the mentions in the stored windows that start in {@code [start, end)}.
 *
 * @param start inclusive start of the bucket, a multiple of the resolution
 * @param end exclusive end of the bucket
 * @param count the mentions in the bucket (0 when no window of the tag was stored in it)
 * @param perSecond the velocity: {@code count} divided by the bucket's length in seconds
 */
public record SeriesPoint(Instant start, Instant end, long count, double perSecond) {
}
