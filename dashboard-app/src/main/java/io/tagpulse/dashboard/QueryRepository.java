package io.tagpulse.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The dashboard's SQL of the counts: it reads the table the sink writes (and never writes it): top tags with their
 * display forms, a tag's stored windows, series bucketed in SQL, the newest window ({@link TrendQueries} reads the
 * trends).
 * Every value is a bound parameter (lists expand to one parameter per element); the SQL is portable between H2 2.x
 * and PostgreSQL 15+.
 */
public class QueryRepository {

    private static final String TOP_TAGS = """
            SELECT tag, SUM(mention_count) AS total
            FROM hashtag_counts
            WHERE window_size_ms = :windowMs AND window_start >= :from AND window_start < :to /*tiling*/
            GROUP BY tag
            ORDER BY total DESC, tag
            FETCH FIRST :limit ROWS ONLY
            """;

    // The display form of the tag's latest window in the range that has one: a backward scan of the primary key
    // (tag, window_start, ...) that stops at the first hit. One query per tag: a single window-function query over
    // all the tags reads every row of a long range (0.5 s for 5 busy tags over 24 h at 11 M rows on PostgreSQL,
    // against about 1 ms per tag this way).
    private static final String DISPLAY = """
            SELECT display
            FROM hashtag_counts
            WHERE tag = :tag AND window_size_ms = :windowMs AND window_start >= :from AND window_start < :to
                  AND display IS NOT NULL
            ORDER BY window_start DESC
            FETCH FIRST 1 ROWS ONLY
            """;

    // Buckets are numbered from the (aligned) start of the range: bucket n covers [origin + n * size, + size). The
    // epoch of a window start is exact in milliseconds, so the integer division puts each window in one bucket.
    private static final String SERIES = """
            SELECT tag, bucket, SUM(mention_count) AS total
            FROM (SELECT tag, mention_count,
                         (CAST(EXTRACT(EPOCH FROM window_start) * 1000 AS BIGINT) - :originMs) / :bucketMs AS bucket
                  FROM hashtag_counts
                  WHERE tag IN (:tags) AND window_size_ms = :windowMs AND window_start >= :from
                        AND window_start < :to /*tiling*/) windows
            GROUP BY tag, bucket
            ORDER BY tag, bucket
            """;

    private static final String WINDOWS_OF_TAG = """
            SELECT window_start, window_end, mention_count
            FROM hashtag_counts
            WHERE tag = :tag AND window_size_ms = :windowMs AND window_start >= :from AND window_start < :to
            ORDER BY window_start
            FETCH FIRST :limit ROWS ONLY
            """;

    private static final String LATEST_WINDOW = """
            SELECT window_start, window_end, mention_count
            FROM hashtag_counts
            WHERE window_size_ms = :windowMs
            ORDER BY window_start DESC
            FETCH FIRST 1 ROWS ONLY
            """;

    private static final String ANY_WINDOW_OF_TAG = """
            SELECT tag FROM hashtag_counts WHERE tag = :tag FETCH FIRST 1 ROWS ONLY
            """;

    // Sums read only the windows that tile time (see WindowSize): a window that starts on a multiple of its size.
    private static final String TILING = """
            AND MOD(CAST(EXTRACT(EPOCH FROM window_start) * 1000 AS BIGINT), :windowMs) = 0""";

    /** The sink's tables the dashboard reads; the sink creates them (Flyway) when it first starts. */
    public static final List<String> TABLES = List.of("hashtag_counts", "trends", "moderation_decisions");

    private final NamedParameterJdbcTemplate jdbc;

    private final WindowSize velocity;

    /**
     * @param velocityWindow the window size the queries read unless told another (the table holds several sizes,
     *        which must never be added to each other)
     */
    public QueryRepository(NamedParameterJdbcTemplate jdbc, Duration velocityWindow) {
        this.jdbc = jdbc;
        this.velocity = WindowSize.velocity(velocityWindow);
    }

    /**
     * @return the tags with the most mentions in the windows that start in the range, most first (ties by tag), at
     *     most {@code limit}, with their display forms
     */
    public List<TagTotal> topTags(TimeRange range, int limit) {
        return topTags(range, limit, velocity);
    }

    /**
     * @return the tags with the most mentions in the windows of the size that start in the range (those that tile
     *     time), most first (ties by tag), at most {@code limit}, with their display forms
     */
    public List<TagTotal> topTags(TimeRange range, int limit, WindowSize window) {
        MapSqlParameterSource params = rangeParams(range, window).addValue("limit", limit);
        List<TagTotal> totals = jdbc.query(tiled(TOP_TAGS, window), params,
                (rs, row) -> new TagTotal(rs.getString("tag"), rs.getLong("total")));
        Map<String, String> displays = displays(totals.stream().map(TagTotal::tag).toList(), range, window);
        return totals.stream()
            .map(total -> new TagTotal(total.tag(), displays.getOrDefault(total.tag(), total.tag()), total.count()))
            .toList();
    }

    /** @return the display form of each tag's latest window in the range that has one (tags without one are absent) */
    public Map<String, String> displays(List<String> tags, TimeRange range) {
        return displays(tags, range, velocity);
    }

    /** @return the display form of each tag's latest window of the size in the range that has one */
    public Map<String, String> displays(List<String> tags, TimeRange range, WindowSize window) {
        Map<String, String> displays = new HashMap<>();
        for (String tag : tags) {
            List<String> found = jdbc.queryForList(DISPLAY, rangeParams(range, window).addValue("tag", tag),
                    String.class);
            if (!found.isEmpty()) {
                displays.put(tag, found.get(0));
            }
        }
        return displays;
    }

    /**
     * The series of the tags over the range, in buckets of the resolution aligned on its multiples (the range is
     * widened to whole buckets). Every bucket has a point; one without stored windows counts 0.
     *
     * @return one series per tag, in the order given
     */
    public List<TagSeries> series(List<String> tags, TimeRange range, Duration resolution) {
        return series(tags, range, resolution, velocity);
    }

    /**
     * The series of the tags over the range from the windows of the size that tile time, in buckets of the resolution
     * (a whole multiple of the size) aligned on its multiples.
     *
     * @return one series per tag, in the order given
     */
    public List<TagSeries> series(List<String> tags, TimeRange range, Duration resolution, WindowSize window) {
        long bucketMs = resolution.toMillis();
        long originMs = Math.floorDiv(range.from().toEpochMilli(), bucketMs) * bucketMs;
        long buckets = QueryRules.points(range, resolution);
        TimeRange aligned = new TimeRange(Instant.ofEpochMilli(originMs),
                Instant.ofEpochMilli(originMs + buckets * bucketMs));
        Map<String, long[]> totals = bucketCounts(tags, aligned, resolution, window);
        Map<String, String> displays = displays(tags, aligned, window);
        double seconds = bucketMs / 1000.0;
        List<TagSeries> series = new ArrayList<>(tags.size());
        totals.forEach((tag, counts) -> {
            List<SeriesPoint> points = new ArrayList<>(counts.length);
            for (int i = 0; i < counts.length; i++) {
                Instant start = Instant.ofEpochMilli(originMs + i * bucketMs);
                points.add(new SeriesPoint(start, start.plusMillis(bucketMs), counts[i], counts[i] / seconds));
            }
            series.add(new TagSeries(tag, displays.getOrDefault(tag, tag), points));
        });
        return series;
    }

    /**
     * The mentions of each tag per bucket of the resolution from the velocity windows, in one query for all the tags
     * (the trends panel's sparklines): bucket {@code i} covers {@code [range.from + i * resolution, + resolution)}.
     *
     * @param range the range, its start a multiple of the resolution (else bucket 0 starts at the multiple before)
     * @param resolution a whole multiple of the velocity window
     * @return one array of counts per tag (0 where nothing was stored), in the order given
     */
    public Map<String, long[]> bucketCounts(List<String> tags, TimeRange range, Duration resolution) {
        return bucketCounts(tags, range, resolution, velocity);
    }

    /** The mentions of each tag per bucket from the windows of the size that tile time; see above. */
    private Map<String, long[]> bucketCounts(List<String> tags, TimeRange range, Duration resolution,
            WindowSize window) {
        long bucketMs = resolution.toMillis();
        long originMs = Math.floorDiv(range.from().toEpochMilli(), bucketMs) * bucketMs;
        long buckets = QueryRules.points(range, resolution);
        Map<String, long[]> totals = new LinkedHashMap<>();
        tags.forEach(tag -> totals.put(tag, new long[(int) buckets]));
        if (buckets > 0 && !tags.isEmpty()) {
            MapSqlParameterSource params = rangeParams(range, window).addValue("tags", tags)
                .addValue("originMs", originMs)
                .addValue("bucketMs", bucketMs);
            jdbc.query(tiled(SERIES, window), params, rs -> {
                long[] counts = totals.get(rs.getString("tag"));
                long bucket = rs.getLong("bucket");
                if (counts != null && bucket >= 0 && bucket < counts.length) {
                    counts[(int) bucket] = rs.getLong("total");
                }
            });
        }
        return totals;
    }

    /**
     * @return the sink's tables the database does not have (yet), empty when it has them all
     * @throws org.springframework.dao.DataAccessException if the database cannot be asked
     */
    public List<String> missingTables() {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            try {
                // Table names cannot be bound; these are constants.
                jdbc.getJdbcTemplate().queryForList("SELECT 1 FROM " + table + " WHERE 1 = 0");
            }
            catch (BadSqlGrammarException absent) {
                missing.add(table);
            }
        }
        return missing;
    }

    /** @return the stored windows of the tag that start in the range, oldest first */
    public List<WindowCount> windows(String tag, TimeRange range) {
        return windows(tag, range, velocity);
    }

    /** @return every stored window of the size of the tag that starts in the range (hopping ones too), oldest first */
    public List<WindowCount> windows(String tag, TimeRange range, WindowSize window) {
        return windows(tag, range, window, Integer.MAX_VALUE);
    }

    /**
     * @return the first {@code limit} stored windows of the size of the tag that start in the range (hopping ones
     *         too), oldest first
     */
    public List<WindowCount> windows(String tag, TimeRange range, WindowSize window, int limit) {
        return jdbc.query(WINDOWS_OF_TAG, rangeParams(range, window).addValue("tag", tag).addValue("limit", limit),
                (rs, row) -> windowCount(rs));
    }

    /** @return the window with the latest start over all tags, if any was stored */
    public Optional<WindowCount> latestWindow() {
        return latestWindow(velocity);
    }

    /** @return the window of the size with the latest start over all tags, if any was stored */
    public Optional<WindowCount> latestWindow(WindowSize window) {
        return jdbc.query(LATEST_WINDOW, new MapSqlParameterSource("windowMs", window.millis()),
                (rs, row) -> windowCount(rs)).stream().findFirst();
    }

    /** @return the tags of which no window of any size was ever stored, in the order given */
    public List<String> unknownTags(List<String> tags) {
        return tags.stream()
            .filter(tag -> jdbc.queryForList(ANY_WINDOW_OF_TAG, new MapSqlParameterSource("tag", tag), String.class)
                .isEmpty())
            .toList();
    }

    private static WindowCount windowCount(ResultSet rs) throws SQLException {
        return new WindowCount(instant(rs, "window_start"), instant(rs, "window_end"), rs.getLong("mention_count"));
    }

    private static MapSqlParameterSource rangeParams(TimeRange range, WindowSize window) {
        return new MapSqlParameterSource("windowMs", window.millis()).addValue("from", utc(range.from()))
            .addValue("to", utc(range.to()));
    }

    /** @return the sum's SQL reading only the windows that tile time, unless all do (the velocity windows) */
    private static String tiled(String sql, WindowSize window) {
        return sql.replace("/*tiling*/", window.isVelocity() ? "" : TILING);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
