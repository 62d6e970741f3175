package io.tagpulse.contracts;

/**
 * One tag's place in a trending window.
 *
 * @param tag the normalized tag
 * @param count its mentions in the window (its velocity)
 * @param baseline its usual mentions per window before this one (exponentially weighted)
 * @param score how far the count is above the baseline: {@code (count + s) / (baseline + s)}, s the smoothing
 */
public record TagTrend(String tag, long count, double baseline, double score) {
}
