package io.tagpulse.counter.window;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of one window size: windows {@code [start, start + size)} whose starts lie on a grid {@code advance}
 * apart, from the epoch (tumbling windows: {@code advance == size}; hopping windows: {@code advance < size}). Only
 * windows at or after 1970 exist. Also the keys of a window size's tally store, which sort by window start, then tag.
 *
 * @param size window length in millis (at least 1)
 * @param advance how far apart consecutive windows start, in millis (1 to {@code size})
 */
public record WindowGrid(long size, long advance) {

    public WindowGrid {
        if (size < 1 || advance < 1 || advance > size) {
            throw new IllegalArgumentException("a window grid needs 1 <= advance <= size, not size " + size
                    + " and advance " + advance);
        }
    }

    /** @return the grid of tumbling windows of {@code size} millis */
    public static WindowGrid tumbling(long size) {
        return new WindowGrid(size, size);
    }

    /** @return the starts of the windows {@code eventTime} falls in, oldest first */
    public List<Long> startsOf(long eventTime) {
        List<Long> starts = new ArrayList<>(Math.max(1, (int) (size / advance)));
        long last = lastStartOf(eventTime);
        for (long start = firstStartOf(eventTime); start <= last; start += advance) {
            starts.add(start);
        }
        return starts;
    }

    /**
     * @return the start of the oldest window {@code eventTime} falls in: the windows it falls in start from there to
     *         {@link #lastStartOf}, {@code advance} apart (what {@link #startsOf} lists, without a list per mention)
     */
    public long firstStartOf(long eventTime) {
        long first = lastStartOf(eventTime) - ((size - 1) / advance) * advance;
        return eventTime < first + size ? first : first + advance;
    }

    /** @return the start of the newest window {@code eventTime} falls in */
    public long lastStartOf(long eventTime) {
        return Math.floorDiv(eventTime, advance) * advance;
    }

    /**
     * @return the start of the newest window that has ended by {@code time} ({@code start + size <= time}), or -1
     *         when none at or after 1970 has; every window starting at or before it has ended too
     */
    public long lastStartEndedBy(long time) {
        long bound = time - size;
        return bound < 0 ? -1 : bound - bound % advance;
    }

    /** @return the store key of {@code tag} in the window starting at {@code start}: start (19 digits), space, tag */
    public static String key(long start, String tag) {
        String digits = Long.toString(start);
        StringBuilder key = new StringBuilder(20 + tag.length());
        for (int zeros = 19 - digits.length(); zeros > 0; zeros--) {
            key.append('0');
        }
        return key.append(digits).append(' ').append(tag).toString();
    }

    /** @return the first key after every key of the windows starting at or before {@code start} */
    public static String keyAfter(long start) {
        return key(start + 1, "");
    }

    /** @return the window start of a {@link #key} */
    public static long startOf(String key) {
        return Long.parseLong(key.substring(0, 19));
    }

    /** @return the tag of a {@link #key} */
    public static String tagOf(String key) {
        return key.substring(20);
    }
}
