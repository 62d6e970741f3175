package io.tagpulse.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The read side of trending: the latest complete ranking of the windows of a size, from the rankings the sink stores
 * (one per window, refined as more counter partitions report), with display forms from the counts of the same window.
 * Portable SQL for H2 2.x and PostgreSQL 15+, every value a bound parameter.
 */
public class TrendingQueries {

    private static final String NEWEST_TRENDING_END = """
            SELECT MAX(window_end) FROM trending_tags WHERE window_size_ms = :windowMs
            """;

    private static final String RECENT_TRENDING_WINDOWS = """
            SELECT window_start, window_size_ms, MAX(partitions) AS partitions
            FROM trending_tags
            WHERE window_size_ms = :windowMs AND window_end >= :since
            GROUP BY window_start, window_size_ms
            ORDER BY window_start DESC
            """;

    private static final String TRENDING_RANKING = """
            SELECT t.window_start, t.window_end, t.partitions, t.updated_at, t.tag_rank, t.tag, t.mention_count,
                   t.baseline, t.score, h.display
            FROM trending_tags t
            LEFT JOIN hashtag_counts h
                ON h.tag = t.tag AND h.window_start = t.window_start AND h.window_size_ms = t.window_size_ms
            WHERE t.window_start = :start AND t.window_size_ms = :sizeMs
            ORDER BY t.tag_rank
            """;

    private final NamedParameterJdbcTemplate jdbc;

    private final WindowSize velocity;

    private final Duration lookBack;

    /**
     * @param velocityWindow the window size whose ranking is read unless told another
     * @param lookBack how far before the newest ranking of the velocity windows to look for a complete one (scaled
     *        for other sizes)
     */
    public TrendingQueries(NamedParameterJdbcTemplate jdbc, Duration velocityWindow, Duration lookBack) {
        this.jdbc = jdbc;
        this.velocity = WindowSize.velocity(velocityWindow);
        this.lookBack = lookBack;
    }

    /**
     * The newest complete ranking: the newest window whose ranking has as many partitions as any ranking of the
     * windows that end within the look-back of the newest one. (The newest window's ranking is refined as more
     * counter partitions close the window; until then an older one is the complete answer.)
     *
     * @return the ranking, with display forms from the counts of the same window, if any ranking is stored
     */
    public Optional<TrendingRanking> latestTrending() {
        return latestTrending(velocity);
    }

    /**
     * The newest complete ranking of the windows of a size (the counter ranks its tumbling windows; the hourly stream
     * its hours), looking back as many windows as for the velocity windows.
     *
     * @see #latestTrending()
     */
    public Optional<TrendingRanking> latestTrending(WindowSize window) {
        MapSqlParameterSource size = new MapSqlParameterSource("windowMs", window.millis());
        OffsetDateTime newestEnd = jdbc.queryForObject(NEWEST_TRENDING_END, size, OffsetDateTime.class);
        if (newestEnd == null) {
            return Optional.empty();
        }
        Instant since = newestEnd.toInstant().minus(window.scaled(lookBack));
        List<Object[]> windows = jdbc.query(RECENT_TRENDING_WINDOWS, size.addValue("since", utc(since)),
                (rs, row) -> new Object[] { rs.getObject("window_start", OffsetDateTime.class),
                        rs.getLong("window_size_ms"), rs.getInt("partitions") });
        int mostPartitions = windows.stream().mapToInt(recent -> (Integer) recent[2]).max().orElse(0);
        Optional<Object[]> complete = windows.stream().filter(recent -> (Integer) recent[2] == mostPartitions)
            .findFirst();
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        MapSqlParameterSource params = new MapSqlParameterSource("start", complete.get()[0])
            .addValue("sizeMs", complete.get()[1]);
        List<Object[]> rows = jdbc.query(TRENDING_RANKING, params, (rs, row) -> new Object[] { rs.getObject(
                "window_start", OffsetDateTime.class).toInstant(), instant(rs, "window_end"), rs.getInt("partitions"),
                instant(rs, "updated_at"), entry(rs) });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] first = rows.get(0);
        return Optional.of(new TrendingRanking((Instant) first[0], (Instant) first[1], (Integer) first[2],
                rows.stream().map(row -> (Instant) row[3]).max(Instant::compareTo).orElseThrow(),
                rows.stream().map(row -> (TrendingRanking.Entry) row[4]).toList()));
    }

    private static TrendingRanking.Entry entry(ResultSet rs) throws SQLException {
        String tag = rs.getString("tag");
        String display = rs.getString("display");
        return new TrendingRanking.Entry(rs.getInt("tag_rank"), tag, display == null || display.isBlank() ? tag
                : display, rs.getLong("mention_count"), rs.getDouble("baseline"), rs.getDouble("score"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
