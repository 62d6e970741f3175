package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.dashboard.InvalidQueryException;
import io.tagpulse.dashboard.QueryRepository;
import io.tagpulse.dashboard.QueryRules;
import io.tagpulse.dashboard.TagSeries;
import io.tagpulse.dashboard.TagTotal;
import io.tagpulse.dashboard.TimeRange;
import io.tagpulse.dashboard.UnknownTagException;
import io.tagpulse.dashboard.WindowCount;
import io.tagpulse.dashboard.WindowSize;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The JSON query API, read from the database through the queries. Instants are ISO-8601; ranges select windows
 * by their start, {@code from} inclusive, {@code to} exclusive; {@code window} picks the size of the stored windows
 * read (the velocity windows by default). Errors are answered by {@link ApiErrors}: a bad parameter with HTTP 400 and
 * {@code {"error": "..."}} naming it, an unknown tag with 404 naming it.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class QueryController {

    private final QueryRepository queries;

    private final QueryRules rules;

    private final DashboardProperties properties;

    private final LiveStream stream;

    private final Clock clock;

    QueryController(QueryRepository queries, QueryRules rules,
            DashboardProperties properties, LiveStream stream, Clock clock) {
        this.queries = queries;
        this.rules = rules;
        this.properties = properties;
        this.stream = stream;
        this.clock = clock;
    }

    /** The tags with the most mentions in the range (default: the last few minutes), most first. */
    @GetMapping("/tags/top")
    List<TagTotal> topTags(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String window) {
        WindowSize size = rules.window(window);
        TimeRange range = rules.range(from, to, Instant.now(clock), size);
        return queries.topTags(range, rules.limit(limit), size);
    }

    /** The mentions of one tag per stored window in the range (default: the last few minutes), oldest first. */
    @GetMapping("/tags/{tag}/series")
    WindowSeries windows(@PathVariable String tag, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String window) {
        String normalized = rules.tag(tag);
        WindowSize size = rules.window(window);
        TimeRange range = rules.range(from, to, Instant.now(clock), size);
        int maxWindows = properties.api().maxTagWindows();
        List<WindowCount> points = queries.windows(normalized, range, size, maxWindows + 1);
        if (points.size() > maxWindows) {
            throw new InvalidQueryException("the range from 'from' (" + range.from() + ") to 'to' (" + range.to()
                    + ") holds more than " + maxWindows + " stored windows of the tag, the most one answer lists: "
                    + "choose a shorter range, or /api/series for buckets");
        }
        if (points.isEmpty()) {
            requireKnown(List.of(normalized));
        }
        String display = queries.displays(List.of(normalized), range, size).getOrDefault(normalized, normalized);
        return new WindowSeries(normalized, display, range.from(), range.to(), points);
    }

    /**
     * The series of one or several tags ({@code tag} repeated) at a resolution, one point per bucket with its count
     * and velocity per second, buckets aligned on multiples of the resolution.
     */
    @GetMapping("/series")
    SeriesAnswer series(@RequestParam(name = "tag", required = false) List<String> tags,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String resolution, @RequestParam(required = false) String window) {
        List<String> normalized = rules.tags(tags);
        WindowSize size = rules.window(window);
        TimeRange range = rules.range(from, to, Instant.now(clock), size);
        Duration bucket = rules.resolution(resolution, range, size);
        List<TagSeries> series = queries.series(normalized, range, bucket, size);
        List<String> empty = series.stream()
            .filter(one -> one.points().stream().allMatch(point -> point.count() == 0))
            .map(TagSeries::tag)
            .toList();
        requireKnown(empty);
        long bucketMs = bucket.toMillis();
        Instant alignedFrom = Instant.ofEpochMilli(Math.floorDiv(range.from().toEpochMilli(), bucketMs) * bucketMs);
        Instant alignedTo = alignedFrom.plusMillis(QueryRules.points(range, bucket) * bucketMs);
        return new SeriesAnswer(alignedFrom, alignedTo, bucketMs, series);
    }

    /**
     * Server-sent events: {@code ready} at once, then per update interval {@code counts} (the counts read since the
     * previous one) and a {@code trend} event for each trend whose record was read since (see {@link LiveStream}).
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return stream.subscribe();
    }

    /** The window with the latest start, so that clients can show the newest data even when it is not recent. */
    @GetMapping("/windows/latest")
    LatestWindow latestWindow(@RequestParam(required = false) String window) {
        return latest(rules.window(window));
    }

    /** The window sizes the API reads, each with its newest stored window (nulls when none is stored). */
    @GetMapping("/windows")
    List<WindowSizeAnswer> windowSizes() {
        return rules.windowSizes().stream().map(size -> {
            LatestWindow latest = latest(size);
            return new WindowSizeAnswer(size.label(), size.millis(), size.isVelocity(), latest.windowStart(),
                    latest.windowEnd());
        }).toList();
    }

    private LatestWindow latest(WindowSize size) {
        return queries.latestWindow(size)
            .map(latest -> new LatestWindow(latest.windowStart(), latest.windowEnd()))
            .orElse(new LatestWindow(null, null));
    }

    /** The dashboard's settings. */
    @GetMapping("/dashboard")
    DashboardSettings dashboard() {
        return new DashboardSettings(properties.refresh().toMillis(), properties.defaultQueryRange().toMillis(),
                properties.chartedTags(), properties.maxQueryRange().toMillis(),
                properties.trends().defaultLimit());
    }

    private void requireKnown(List<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<String> unknown = queries.unknownTags(tags);
        if (!unknown.isEmpty()) {
            throw new UnknownTagException(unknown);
        }
    }

    /**
     * @param tag the normalized tag
     * @param display the form to show
     * @param from start of the range
     * @param to end of the range
     * @param points the stored windows in the range, oldest first
     */
    record WindowSeries(String tag, String display, Instant from, Instant to, List<WindowCount> points) {
    }

    /**
     * @param from start of the first bucket
     * @param to end of the last bucket
     * @param resolutionMillis the width of each bucket
     * @param series one per tag, in the order asked
     */
    record SeriesAnswer(Instant from, Instant to, long resolutionMillis, List<TagSeries> series) {
    }

    /**
     * @param windowStart start of the latest window, null when nothing was stored
     * @param windowEnd end of the latest window, null when nothing was stored
     */
    record LatestWindow(Instant windowStart, Instant windowEnd) {
    }

    /**
     * @param window the size as the {@code window} parameter takes it, e.g. {@code 1s}
     * @param millis the size in milliseconds
     * @param velocity whether these are the velocity windows, read by default and streamed live
     * @param latestStart start of the newest stored window of the size, null when there is none
     * @param latestEnd end of the newest stored window of the size, null when there is none
     */
    record WindowSizeAnswer(String window, long millis, boolean velocity, Instant latestStart, Instant latestEnd) {
    }

    /**
     * @param refreshMillis how often to refresh when the live stream is not connected
     * @param rangeMillis how much time to show by default
     * @param chartedTags how many top tags to chart
     * @param maxRangeMillis the longest range a query may cover
     * @param trendsLimit how many trends the trends panel lists
     */
    record DashboardSettings(long refreshMillis, long rangeMillis, int chartedTags, long maxRangeMillis,
            int trendsLimit) {
    }
}
