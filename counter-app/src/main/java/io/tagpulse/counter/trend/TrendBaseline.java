package io.tagpulse.counter.trend;

/**
 * A tag's baseline as its task keeps it between windows: the exponentially weighted mean of its counts
 * ({@link TrendScore}) as of the window starting at {@code start}, stored as {@code <value>@<start>}.
 *
 * @param value the baseline after counting that window
 * @param start the start of the last window the tag was counted in, epoch millis
 */
record TrendBaseline(double value, long start) {

    /** @return the baseline stored as {@link #toString()} */
    static TrendBaseline parse(String stored) {
        int separator = stored.indexOf('@');
        return new TrendBaseline(Double.parseDouble(stored.substring(0, separator)),
                Long.parseLong(stored.substring(separator + 1)));
    }

    /** @return the baseline before counting the window starting at {@code windowStart}, windows {@code size} long */
    double before(long windowStart, long size, double weight) {
        return TrendScore.decayed(value, (windowStart - start) / size, weight);
    }

    @Override
    public String toString() {
        return value + "@" + start;
    }
}
