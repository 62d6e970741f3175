package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of a query parameter is read, the same for every query: an absent parameter against an empty one, an
 * instant, a duration; and how a refusal quotes what it was given. The bounds the values must keep are
 * {@link QueryRules}' and {@link TrendRules}'.
 */
final class QueryParameters {

    /** The earliest instant a query may name. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant a query may name. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final int MAX_ECHOED_CHARS = 40;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private QueryParameters() {
    }

    /**
     * @param text {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h}, {@code 1d} or an ISO-8601 duration
     * @return the duration, or null if the text is none (or does not fit in milliseconds)
     */
    static Duration duration(String text) {
        Matcher matcher = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text);
            parsed.toMillis(); // throws when it does not fit in milliseconds
            return parsed;
        }
        catch (DateTimeParseException | ArithmeticException ex) {
            return null;
        }
    }

    /**
     * @param name the parameter's name, for the refusal
     * @param value an ISO-8601 instant
     * @return the instant
     * @throws InvalidQueryException if it is unreadable or outside {@link #EARLIEST} to {@link #LATEST}
     */
    static Instant instant(String name, String value) {
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        }
        catch (DateTimeParseException ex) {
            throw new InvalidQueryException("parameter '" + name
                    + "' must be an ISO-8601 instant such as 2026-01-01T12:00:00Z, got " + echo(value));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            // Instant goes to year one billion, SQL timestamps (and date arithmetic near Instant.MIN) do not.
            throw new InvalidQueryException("parameter '" + name + "' must be between " + EARLIEST + " and "
                    + LATEST + ", got " + echo(value));
        }
        return instant;
    }

    /**
     * @return whether the parameter was left out (null)
     * @throws InvalidQueryException if it was given empty (or blank): leaving it out gives the default, an empty
     *         value is a mistake, never read as the default
     */
    static boolean isAbsent(String name, String value) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            throw new InvalidQueryException("parameter '" + name + "' is empty: leave it out for its default");
        }
        return false;
    }

    /** @return the value quoted for a refusal, cut after {@value #MAX_ECHOED_CHARS} characters */
    static String echo(String value) {
        return "'" + (value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "…" : value) + "'";
    }
}
