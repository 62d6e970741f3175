package io.tagpulse.dashboard;

/**
 * The mentions of one tag summed over the windows of a time range.
 *
 * @param tag the normalized tag
 * @param display the form to show: the latest display form stored for the tag in the range, else the tag itself
 * @param count the sum of the counts of its windows in the range
 */
public record TagTotal(String tag, String display, long count) {

    /** A total shown as its normalized tag. */
    public TagTotal(String tag, long count) {
        this(tag, tag, count);
    }
}
