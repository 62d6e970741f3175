package io.tagpulse.counter.window;

/**
 * A mention was counted: the tally of its tag in one open window, as it stands after it.
 *
 * @param tag the normalized tag
 * @param start window start, epoch millis
 * @param end window end (exclusive), epoch millis
 * @param count the tag's mentions in the window, this one included
 * @param display the display form written most often in the window ({@link WindowTally#mostCommon()})
 * @param eventTime the event time of the mention counted, epoch millis
 */
public record TallyChange(String tag, long start, long end, long count, String display, long eventTime)
        implements WindowEvent {
}
