package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.InvalidQueryException;
import io.tagpulse.sink.QueryRules;
import io.tagpulse.sink.TagTotal;
import io.tagpulse.sink.TimeRange;
import io.tagpulse.sink.WindowCount;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON query API, read from the database through the repository. Instants are ISO-8601; ranges select windows by
 * their start, {@code from} inclusive, {@code to} exclusive. A bad parameter is answered with HTTP 400 and {@code
 * {"error": "..."}} naming it.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class QueryController {

    private static final Log logger = LogFactory.getLog(QueryController.class);

    private final HashtagCountRepository repository;

    private final QueryRules rules;

    private final SinkProperties properties;

    private final Clock clock;

    QueryController(HashtagCountRepository repository, QueryRules rules, SinkProperties properties, Clock clock) {
        this.repository = repository;
        this.rules = rules;
        this.properties = properties;
        this.clock = clock;
    }

    /** The tags with the most mentions in the range (default: the last few minutes), most first. */
    @GetMapping("/tags/top")
    List<TagTotal> topTags(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        TimeRange range = rules.range(from, to, Instant.now(clock));
        int max = rules.limit(limit);
        return repository.topTags(range.from(), range.to(), max);
    }

    /** The mentions of one tag per window in the range (default: the last few minutes), oldest first. */
    @GetMapping("/tags/{tag}/series")
    TagSeries series(@PathVariable String tag, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        String normalized = rules.tag(tag);
        TimeRange range = rules.range(from, to, Instant.now(clock));
        return new TagSeries(normalized, range.from(), range.to(),
                repository.series(normalized, range.from(), range.to()));
    }

    /** The window with the latest start, so that clients can show the newest data even when it is not recent. */
    @GetMapping("/windows/latest")
    LatestWindow latestWindow() {
        return repository.latestWindow()
            .map(window -> new LatestWindow(window.windowStart(), window.windowEnd()))
            .orElse(new LatestWindow(null, null));
    }

    /** The dashboard's settings. */
    @GetMapping("/dashboard")
    DashboardSettings dashboard() {
        return new DashboardSettings(properties.getDashboardRefresh().toMillis(),
                properties.getDefaultQueryRange().toMillis(), properties.getDashboardTags());
    }

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<Map<String, String>> invalidQuery(InvalidQueryException ex) {
        return error(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Map<String, String>> databaseUnavailable(DataAccessException ex) {
        logger.warn("Query failed: " + ex.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the database cannot answer now, try again later");
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }

    /**
     * @param tag the normalized tag
     * @param from start of the range
     * @param to end of the range
     * @param points the windows in the range, oldest first
     */
    record TagSeries(String tag, Instant from, Instant to, List<WindowCount> points) {
    }

    /**
     * @param windowStart start of the latest window, null when nothing was stored
     * @param windowEnd end of the latest window, null when nothing was stored
     */
    record LatestWindow(Instant windowStart, Instant windowEnd) {
    }

    /**
     * @param refreshMillis how often to refresh
     * @param rangeMillis how much time to show
     * @param chartedTags how many top tags to chart
     */
    record DashboardSettings(long refreshMillis, long rangeMillis, int chartedTags) {
    }
}
