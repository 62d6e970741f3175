package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagExtractor;

import static io.tagpulse.dashboard.QueryParameters.EARLIEST;
import static io.tagpulse.dashboard.QueryParameters.duration;
import static io.tagpulse.dashboard.QueryParameters.echo;
import static io.tagpulse.dashboard.QueryParameters.instant;
import static io.tagpulse.dashboard.QueryParameters.isAbsent;

/**
 * The bounds of a query: a time range within the allowed length, a limit within bounds, a normalized tag, a window
 * size the API reads, a resolution that gives a chartable series. Every refusal is an {@link InvalidQueryException}
 * naming the parameter; how a parameter's text is read is {@link QueryParameters}'.
 */
public final class QueryRules {

    /** The longest tag the sink stores (its tables hold tags of up to 500 characters); a longer one is never found. */
    public static final int MAX_TAG_LENGTH = 500;

    // Room for a '#', spaces and characters normalization drops; anything longer is refused before it is normalized.
    private static final int MAX_TYPED_TAG_LENGTH = 2 * MAX_TAG_LENGTH;

    /** How many points an automatic resolution aims at, at most: enough for a chart as wide as a screen. */
    static final int AUTO_POINTS = 300;

    // The resolutions an automatic choice picks from, finest first (each rounded up to whole velocity windows).
    private static final List<Duration> AUTO_RESOLUTIONS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    private final Duration defaultRange;

    private final Duration maxRange;

    private final int defaultLimit;

    private final int maxLimit;

    private final Duration velocityWindow;

    private final int maxSeriesPoints;

    private final int maxSeriesTags;

    private final List<Duration> windowSizes;

    /**
     * Rules for 1-second velocity windows, series of at most 3600 points and 10 tags.
     *
     * @param defaultRange the length of a range whose start is not given
     * @param maxRange the longest range allowed
     * @param defaultLimit the limit when none is given
     * @param maxLimit the largest limit allowed
     */
    public QueryRules(Duration defaultRange, Duration maxRange, int defaultLimit, int maxLimit) {
        this(defaultRange, maxRange, defaultLimit, maxLimit, Duration.ofSeconds(1), 3600, 10, List.of());
    }

    /**
     * @param defaultRange the length of a range whose start is not given
     * @param maxRange the longest range allowed
     * @param defaultLimit the limit when none is given
     * @param maxLimit the largest limit allowed
     * @param velocityWindow the size of the stored windows a series adds up: resolutions are whole multiples of it
     * @param maxSeriesPoints the most points one tag's series may have (range divided by resolution)
     * @param maxSeriesTags the most tags one series query may ask for
     * @param windowSizes the other window sizes a query may read ({@code window}); the velocity window's always
     */
    public QueryRules(Duration defaultRange, Duration maxRange, int defaultLimit, int maxLimit,
            Duration velocityWindow, int maxSeriesPoints, int maxSeriesTags, List<Duration> windowSizes) {
        if (velocityWindow.toMillis() < 1 || maxSeriesPoints < 1 || maxSeriesTags < 1
                || windowSizes.stream().anyMatch(size -> size.toMillis() < 1)) {
            throw new IllegalArgumentException("the window sizes, series points and series tags must be positive");
        }
        this.defaultRange = defaultRange;
        this.maxRange = maxRange;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
        this.velocityWindow = velocityWindow;
        this.maxSeriesPoints = maxSeriesPoints;
        this.maxSeriesTags = maxSeriesTags;
        this.windowSizes = java.util.stream.Stream.concat(java.util.stream.Stream.of(velocityWindow),
                windowSizes.stream()).distinct().sorted().toList();
    }

    /** @return the longest range a query of the velocity windows may cover */
    public Duration maxRange() {
        return maxRange;
    }

    /** @return the velocity windows, which queries read by default */
    public WindowSize velocity() {
        return WindowSize.velocity(velocityWindow);
    }

    /** @return every window size a query may read, smallest first */
    public List<WindowSize> windowSizes() {
        return windowSizes.stream().map(size -> new WindowSize(size.toMillis(), velocityWindow.toMillis())).toList();
    }

    /**
     * @param window the size of the stored windows to read, such as {@code 1s}, {@code 1m}, {@code 1h} or
     *        {@code PT1H}, or null for the velocity windows
     * @return the window size
     * @throws InvalidQueryException if it is unreadable or not one of the sizes the API reads
     */
    public WindowSize window(String window) {
        if (isAbsent("window", window)) {
            return velocity();
        }
        Duration size = duration(window.strip());
        if (size == null || size.toMillis() < 1) {
            throw new InvalidQueryException("parameter 'window' must be a window size such as 1s, 1m or 1h, got "
                    + echo(window));
        }
        return windowSizes().stream()
            .filter(known -> known.millis() == size.toMillis())
            .findFirst()
            .orElseThrow(() -> new InvalidQueryException("parameter 'window' must be one of the window sizes "
                    + String.join(", ", windowSizes().stream().map(WindowSize::label).toList()) + ", got "
                    + echo(window)));
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
        return range(from, to, now, velocity());
    }

    /**
     * Reads a range of window starts for windows of a size: the default and the longest range scale with the size
     * (see {@link WindowSize#scaled}).
     *
     * @see #range(String, String, Instant)
     */
    public TimeRange range(String from, String to, Instant now, WindowSize window) {
        Duration defaultLength = window.scaled(defaultRange);
        Duration maxLength = window.scaled(maxRange);
        Instant end = isAbsent("to", to) ? now.truncatedTo(ChronoUnit.MILLIS) : instant("to", to);
        Instant start = isAbsent("from", from)
                ? (defaultLength.compareTo(Duration.between(EARLIEST, end)) >= 0 ? EARLIEST : end.minus(defaultLength))
                : instant("from", from);
        if (start.isAfter(end)) {
            throw new InvalidQueryException("parameter 'from' (" + start + ") must not be after 'to' (" + end + ")");
        }
        TimeRange range = new TimeRange(start, end);
        if (range.length().compareTo(maxLength) > 0) {
            throw new InvalidQueryException("the range from 'from' (" + start + ") to 'to' (" + end + ") is "
                    + range.length() + " long, more than the maximum of " + maxLength
                    + (window.isVelocity() ? "" : " for " + window.label() + " windows"));
        }
        return range;
    }

    /**
     * @param limit a decimal integer or null for the default
     * @return the number of tags to return
     * @throws InvalidQueryException if it is not an integer from 1 to the maximum
     */
    public int limit(String limit) {
        if (isAbsent("limit", limit)) {
            return defaultLimit;
        }
        // ASCII digits only: Integer.parseInt would also read other scripts' digits ("１０").
        String digits = limit.strip();
        int value = digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : 0;
        if (value < 1 || value > maxLimit) {
            throw new InvalidQueryException("parameter 'limit' must be an integer from 1 to " + maxLimit + ", got "
                    + echo(limit));
        }
        return value;
    }

    /**
     * @param tag a tag as a person types it, with or without '#'
     * @return the tag normalized the way the pipeline counts it
     * @throws InvalidQueryException if nothing is left of it, or it is longer than {@value #MAX_TAG_LENGTH} characters
     */
    public String tag(String tag) {
        if (tag.length() > MAX_TYPED_TAG_LENGTH) {
            throw new InvalidQueryException("parameter 'tag' must be at most " + MAX_TAG_LENGTH
                    + " characters, got " + tag.length());
        }
        String normalized = HashtagExtractor.normalizeTyped(tag);
        if (normalized.isEmpty()) {
            throw new InvalidQueryException("parameter 'tag' must not be empty");
        }
        if (normalized.length() > MAX_TAG_LENGTH) {
            throw new InvalidQueryException("parameter 'tag' must be at most " + MAX_TAG_LENGTH
                    + " characters, got " + normalized.length());
        }
        return normalized;
    }

    /**
     * @param tags the tags as a person types them (the parameter may be repeated)
     * @return the distinct normalized tags, in the order given
     * @throws InvalidQueryException if none is given, one is empty or too long, or there are too many
     */
    public List<String> tags(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            throw new InvalidQueryException("parameter 'tag' is required: give one or more tags, e.g. tag=kafka&tag=java");
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (String tag : tags) {
            normalized.add(tag(tag == null ? "" : tag));
        }
        if (normalized.size() > maxSeriesTags) {
            throw new InvalidQueryException("parameter 'tag' may be given at most " + maxSeriesTags + " times, got "
                    + normalized.size() + " tags");
        }
        return new ArrayList<>(normalized);
    }

    /**
     * Reads the width of a series' buckets: {@code 1s}, {@code 10s}, {@code 1m}, {@code 1h}, {@code 500ms}, {@code 1d}
     * or an ISO-8601 duration ({@code PT10S}); absent or {@code auto}, the finest of 1s, 2s, 5s, 10s, 15s, 30s, 1m,
     * ... 1d (then whole days) that gives at most {@value #AUTO_POINTS} points.
     *
     * @param resolution the parameter, or null
     * @param range the range the series covers
     * @return the resolution: a whole multiple of the velocity window
     * @throws InvalidQueryException if it is unreadable, not a multiple of the velocity window, or gives too many
     *         points over the range
     */
    public Duration resolution(String resolution, TimeRange range) {
        return resolution(resolution, range, velocity());
    }

    /**
     * Reads the width of a series' buckets for windows of a size: a whole multiple of it.
     *
     * @see #resolution(String, TimeRange)
     */
    public Duration resolution(String resolution, TimeRange range, WindowSize window) {
        if (isAbsent("resolution", resolution) || resolution.strip().equalsIgnoreCase("auto")) {
            int target = Math.min(AUTO_POINTS, maxSeriesPoints);
            for (Duration candidate : AUTO_RESOLUTIONS) {
                Duration rounded = roundUpToWindows(candidate, window);
                if (points(range, rounded) <= target) {
                    return rounded;
                }
            }
            // A range longer than a day's buckets cover (windows of an hour and more): whole days, as few as fit.
            long days = Math.max(1, -Math.floorDiv(-range.length().toMillis(), (target - 1) * 86_400_000L));
            return roundUpToWindows(Duration.ofDays(days), window);
        }
        Duration value = duration(resolution.strip());
        if (value == null) {
            throw new InvalidQueryException("parameter 'resolution' must be a duration such as 1s, 10s, 1m, 1h or "
                    + "PT10S, got " + echo(resolution));
        }
        long windowMs = window.millis();
        if (value.toMillis() < windowMs || value.toMillis() % windowMs != 0) {
            throw new InvalidQueryException("parameter 'resolution' must be a whole multiple of the stored windows ("
                    + window.label() + "), got " + echo(resolution));
        }
        long points = points(range, value);
        if (points > maxSeriesPoints) {
            throw new InvalidQueryException("parameter 'resolution' " + echo(resolution) + " gives " + points
                    + " points over the range, more than the maximum of " + maxSeriesPoints
                    + ": choose a coarser resolution or a shorter range");
        }
        return value;
    }

    /** @return how many buckets of the resolution cover the range, aligned on multiples of the resolution */
    public static long points(TimeRange range, Duration resolution) {
        long size = resolution.toMillis();
        if (!range.to().isAfter(range.from())) {
            return 0;
        }
        long first = Math.floorDiv(range.from().toEpochMilli(), size);
        long end = -Math.floorDiv(-range.to().toEpochMilli(), size);
        return Math.max(0, end - first);
    }

    private static Duration roundUpToWindows(Duration candidate, WindowSize window) {
        long windowMs = window.millis();
        long windows = Math.max(1, -Math.floorDiv(-candidate.toMillis(), windowMs));
        return Duration.ofMillis(windows * windowMs);
    }
}
