package io.tagpulse.dashboard;

import java.util.List;

/**
 * The series of one tag at a resolution: one point per bucket of the range, oldest first, empty buckets included.
 *
 * @param tag the normalized tag
 * @param display the form to show: the latest display form stored for the tag in the range, else the tag itself
 * @param points one per bucket, oldest first
 */
public record TagSeries(String tag, String display, List<SeriesPoint> points) {
}
