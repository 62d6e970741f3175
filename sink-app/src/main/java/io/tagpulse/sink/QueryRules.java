package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.tagpulse.contracts.HashtagExtractor;

/**
 * Turns the raw parameters of a query into checked values: a time range within the allowed length, a limit within
 * bounds, a normalized tag. Every refusal is an {@link InvalidQueryException} naming the parameter.
 */
public final class QueryRules {

    private static final int MAX_ECHOED_CHARS = 40;

    private final Duration defaultRange;

    private final Duration maxRange;

    private final int defaultLimit;

    private final int maxLimit;

    /**
     * @param defaultRange the length of a range whose start is not given
     * @param maxRange the longest range allowed
     * @param defaultLimit the limit when none is given
     * @param maxLimit the largest limit allowed
     */
    public QueryRules(Duration defaultRange, Duration maxRange, int defaultLimit, int maxLimit) {
        this.defaultRange = defaultRange;
        this.maxRange = maxRange;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /**
     * Reads a range of window starts. {@code to} defaults to {@code now} (to the millisecond), {@code from} to the
     * default range before {@code to}.
     *
     * @param from ISO-8601 instant or null
     * @param to ISO-8601 instant or null
     * @param now the current time
     * @return the range
     * @throws InvalidQueryException if an instant is unreadable, 'from' is after 'to' or the range is too long
     */
    public TimeRange range(String from, String to, Instant now) {
        Instant end = isAbsent(to) ? now.truncatedTo(ChronoUnit.MILLIS) : instant("to", to);
        Instant start = isAbsent(from) ? end.minus(defaultRange) : instant("from", from);
        if (start.isAfter(end)) {
            throw new InvalidQueryException("parameter 'from' (" + start + ") must not be after 'to' (" + end + ")");
        }
        TimeRange range = new TimeRange(start, end);
        if (range.length().compareTo(maxRange) > 0) {
            throw new InvalidQueryException("the range from 'from' (" + start + ") to 'to' (" + end + ") is "
                    + range.length() + " long, more than the maximum of " + maxRange);
        }
        return range;
    }

    /**
     * @param limit a decimal integer or null for the default
     * @return the number of tags to return
     * @throws InvalidQueryException if it is not an integer from 1 to the maximum
     */
    public int limit(String limit) {
        if (isAbsent(limit)) {
            return defaultLimit;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        }
        catch (NumberFormatException ex) {
            value = 0;
        }
        if (value < 1 || value > maxLimit) {
            throw new InvalidQueryException("parameter 'limit' must be an integer from 1 to " + maxLimit + ", got "
                    + echo(limit));
        }
        return value;
    }

    /**
     * @param tag a tag as a person types it, with or without '#'
     * @return the tag normalized the way the pipeline counts it
     * @throws InvalidQueryException if nothing is left of it
     */
    public String tag(String tag) {
        String normalized = HashtagExtractor.normalize(tag.strip().replaceFirst("^[#＃]", "")).strip();
        if (normalized.isEmpty()) {
            throw new InvalidQueryException("parameter 'tag' must not be empty");
        }
        return normalized;
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value.strip());
        }
        catch (DateTimeParseException ex) {
            throw new InvalidQueryException("parameter '" + name
                    + "' must be an ISO-8601 instant such as 2026-01-01T12:00:00Z, got " + echo(value));
        }
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    private static String echo(String value) {
        return "'" + (value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "…" : value) + "'";
    }
}
