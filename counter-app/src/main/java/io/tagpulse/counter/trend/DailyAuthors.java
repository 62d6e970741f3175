package io.tagpulse.counter.trend;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.DayAuthors;
import io.tagpulse.contracts.TrendUpdate;

/**
 * A tag's distinct authors per UTC day, for the Mastodon-compatible trends API: one small {@link AuthorSketch}
 * ({@value #LG_K}: 256 registers, about 6.5 % relative standard error, exact while it is a short list of authors) for
 * each of the newest {@value TrendUpdate#MAX_DAYS} days that had mentions (today and the six before), in a ring: a
 * mention older than that is left out, and a new day takes the slot of the day a week before it. At most about 300
 * bytes a day once a day has hundreds of authors, so at most about 2 KB a tag.
 * <p>
 * Not thread-safe: it belongs to a {@link TagActivity}.
 */
public final class DailyAuthors {

    /** log2 of each day sketch's registers. */
    static final int LG_K = 8;

    private static final long NONE = Long.MIN_VALUE;

    private final AuthorSketch[] days = new AuthorSketch[TrendUpdate.MAX_DAYS];

    /** The newest day (days since the epoch) that has a sketch, {@link #NONE} before any. */
    private long newestDay = NONE;

    /** Adds an author of a mention at {@code eventTime} to its day, unless the day is a week older than the newest. */
    public void add(long eventTime, String authorKey) {
        AuthorSketch day = dayAt(eventTime);
        if (day != null) {
            day.add(authorKey);
        }
    }

    /** Adds every author of a sketch of mentions at {@code eventTime} to its day, as {@link #add} does. */
    public void addAll(long eventTime, AuthorSketch authors) {
        AuthorSketch day = dayAt(eventTime);
        if (day != null) {
            day.addAll(authors);
        }
    }

    /**
     * @param now the moment judged (event time): days after its day are left out (mentions ahead of the clock)
     * @return the distinct authors of each day of the week up to {@code now}'s day that had mentions, newest first
     */
    public List<DayAuthors> upTo(long now) {
        long today = Math.floorDiv(now, DayAuthors.DAY_MILLIS);
        List<DayAuthors> found = new ArrayList<>(days.length);
        for (long d = today; d > today - days.length; d--) {
            AuthorSketch sketch = d <= newestDay && d > newestDay - days.length ? days[slot(d)] : null;
            if (sketch != null && !sketch.isEmpty()) {
                found.add(new DayAuthors(Instant.ofEpochMilli(d * DayAuthors.DAY_MILLIS), sketch.estimate()));
            }
        }
        return found;
    }

    private AuthorSketch dayAt(long eventTime) {
        long d = Math.floorDiv(eventTime, DayAuthors.DAY_MILLIS);
        if (newestDay != NONE && d <= newestDay - days.length) {
            return null;
        }
        if (newestDay == NONE || d > newestDay) {
            long clear = newestDay == NONE ? days.length : Math.min(d - newestDay, days.length);
            for (long c = d; c > d - clear; c--) {
                days[slot(c)] = null;
            }
            newestDay = d;
        }
        int i = slot(d);
        if (days[i] == null) {
            days[i] = new AuthorSketch(LG_K);
        }
        return days[i];
    }

    private int slot(long day) {
        return (int) Math.floorMod(day, (long) days.length);
    }

    /** @return how many bytes {@link #write} writes */
    int encodedSize() {
        int size = Long.BYTES;
        for (AuthorSketch sketch : days) {
            size += Integer.BYTES + (sketch == null || sketch.isEmpty() ? 0 : sketch.toBytes().length);
        }
        return size;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(newestDay);
        for (AuthorSketch sketch : days) {
            byte[] serialized = sketch == null || sketch.isEmpty() ? new byte[0] : sketch.toBytes();
            out.writeInt(serialized.length);
            out.write(serialized);
        }
    }

    static DailyAuthors read(DataInputStream in) throws IOException {
        DailyAuthors daily = new DailyAuthors();
        daily.newestDay = in.readLong();
        for (int i = 0; i < daily.days.length; i++) {
            byte[] serialized = new byte[in.readInt()];
            in.readFully(serialized);
            daily.days[i] = serialized.length == 0 ? null : AuthorSketch.fromBytes(serialized);
        }
        return daily;
    }
}
