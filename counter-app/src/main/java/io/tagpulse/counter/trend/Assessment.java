package io.tagpulse.counter.trend;

/**
 * A tag's short horizon judged against its baseline at one moment.
 *
 * @param mentions the mentions in the short horizon
 * @param authors the distinct authors of those mentions (estimated; exact when few)
 * @param counted the mentions that count: at most {@code authors × perAuthorCap}
 * @param expected the mentions the baseline expects in a short horizon
 * @param lift {@code counted / expected}
 * @param score the significance of {@code counted} against {@code expected} ({@link Significance})
 * @param ratePerMinute the mentions of the last minute (the rate a trend's peak is measured in)
 * @param qualifies whether this is a trend now: enough mentions, authors, lift and significance
 */
public record Assessment(long mentions, long authors, long counted, double expected, double lift, double score,
        long ratePerMinute, boolean qualifies) {
}
