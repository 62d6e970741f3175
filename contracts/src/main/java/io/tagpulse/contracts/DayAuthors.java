package io.tagpulse.contracts;

import java.time.Instant;

/**
 * A tag's distinct authors on one UTC day, as far as the counter saw them: an estimate from a small sketch (about
 * 6.5 % relative standard error; exact for a handful of authors), of the mentions it counted while it held the
 * tag's activity.
 *
 * @param day the UTC midnight that starts the day
 * @param authors the distinct authors of the tag's mentions that day
 */
public record DayAuthors(Instant day, long authors) {

    /** The length of a day, in milliseconds. */
    public static final long DAY_MILLIS = 86_400_000L;

    /** @return the UTC midnight that starts the day of {@code epochMillis} */
    public static Instant dayOf(long epochMillis) {
        return Instant.ofEpochMilli(Math.floorDiv(epochMillis, DAY_MILLIS) * DAY_MILLIS);
    }
}
