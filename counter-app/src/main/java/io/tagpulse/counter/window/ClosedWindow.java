package io.tagpulse.counter.window;

import java.time.Instant;
import java.util.SortedMap;

/**
 * A window that has closed, with the final tally of every tag counted in it: nothing can change them any more.
 *
 * @param start window start, epoch millis
 * @param end window end (exclusive), epoch millis
 * @param tallies the tallies by tag
 */
public record ClosedWindow(long start, long end, SortedMap<String, WindowTally> tallies) implements WindowEvent {

    /** @return the record key a closed window travels under: its start, ISO-8601 */
    public String key() {
        return Instant.ofEpochMilli(start).toString();
    }
}
