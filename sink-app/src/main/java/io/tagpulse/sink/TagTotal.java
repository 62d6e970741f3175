package io.tagpulse.sink;

/**
 * The mentions of one tag summed over the windows of a time range.
 *
 * @param tag the normalized tag
 * @param count the sum of the counts of its windows in the range
 */
public record TagTotal(String tag, long count) {
}
