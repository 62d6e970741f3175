package io.tagpulse.sink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tagpulse.contracts.DayAuthors;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tagpulse.sink.SqlTimes.instant;
import static io.tagpulse.sink.SqlTimes.utc;

/**
 * The SQL of the sink's trends: one row per trend id, upserted idempotently, and deleted when the trend history
 * ends; and each tag's distinct authors per UTC day from the global scope's records ({@code tag_day_authors}), kept
 * {@value #DAY_AUTHORS_DAYS} days. Portable SQL for H2 2.x and PostgreSQL 15+, like {@link HashtagCountRepository}.
 */
public class TrendRepository {

    /** Column sizes of the {@code trends} table (V4). */
    static final int MAX_TREND_ID = 400;

    static final int MAX_SCOPE = 60;

    static final int MAX_TAG = 300;

    static final int MAX_RELATED_JSON = 4000;

    // A trend's records replace one another by trend id, but only a record that judges the same or a later moment
    // (as_of) does: a redelivered or replayed older record (after a crash or a rebalance) never overwrites a newer one,
    // so storing is idempotent and safe in any order.
    private static final String UPSERT = """
            MERGE INTO trends AS t
            USING (VALUES (CAST(? AS VARCHAR(400)), CAST(? AS VARCHAR(60)), CAST(? AS VARCHAR(300)),
                           CAST(? AS VARCHAR(10)), CAST(? AS TIMESTAMP WITH TIME ZONE),
                           CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE),
                           CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), CAST(? AS BIGINT),
                           CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT),
                           CAST(? AS VARCHAR(4000)), CAST(? AS BOOLEAN)))
                AS s (trend_id, scope, tag, status, started_at, peak_at, peak_per_minute, ended_at, as_of, mentions,
                      authors, expected, score, per_minute, related, moderated)
            ON t.trend_id = s.trend_id
            WHEN MATCHED AND s.as_of >= t.as_of THEN
                UPDATE SET status = s.status, peak_at = s.peak_at, peak_per_minute = s.peak_per_minute,
                           ended_at = s.ended_at, as_of = s.as_of, mentions = s.mentions, authors = s.authors,
                           expected = s.expected, score = s.score, per_minute = s.per_minute, related = s.related,
                           moderated = s.moderated, updated_at = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN
                INSERT (trend_id, scope, tag, status, started_at, peak_at, peak_per_minute, ended_at, as_of, mentions,
                        authors, expected, score, per_minute, related, moderated, updated_at)
                VALUES (s.trend_id, s.scope, s.tag, s.status, s.started_at, s.peak_at, s.peak_per_minute, s.ended_at,
                        s.as_of, s.mentions, s.authors, s.expected, s.score, s.per_minute, s.related, s.moderated,
                        CURRENT_TIMESTAMP)
            """;

    private static final String FIND = """
            SELECT trend_id, scope, tag, status, started_at, peak_at, peak_per_minute, ended_at, as_of, mentions,
                   authors, expected, score, per_minute, related, moderated
            FROM trends WHERE trend_id = ?
            """;

    // Bounded chunks keep each delete's transaction small; the index on updated_at finds the old rows.
    private static final String DELETE_UPDATED_BEFORE = """
            DELETE FROM trends
            WHERE trend_id IN (SELECT trend_id FROM trends WHERE updated_at < ? FETCH FIRST ? ROWS ONLY)
            """;

    /** How many UTC days of distinct authors per tag are kept: today and the 7 days before. */
    public static final int DAY_AUTHORS_DAYS = 8;

    // A day's sketch only grows, so the larger estimate is the later one: a redelivered or replayed older record never
    // lowers it, and storing is idempotent in any order.
    private static final String UPSERT_DAY_AUTHORS = """
            MERGE INTO tag_day_authors AS t
            USING (VALUES (CAST(? AS VARCHAR(300)), CAST(? AS DATE), CAST(? AS BIGINT)))
                AS s (tag, utc_day, authors)
            ON t.tag = s.tag AND t.utc_day = s.utc_day
            WHEN MATCHED AND s.authors > t.authors THEN
                UPDATE SET authors = s.authors, updated_at = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN
                INSERT (tag, utc_day, authors, updated_at) VALUES (s.tag, s.utc_day, s.authors, CURRENT_TIMESTAMP)
            """;

    private static final String DELETE_DAYS_BEFORE = """
            DELETE FROM tag_day_authors
            WHERE (tag, utc_day) IN (SELECT tag, utc_day FROM tag_day_authors WHERE utc_day < ? FETCH FIRST ? ROWS ONLY)
            """;

    private final JdbcTemplate jdbc;

    public TrendRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Checks what the table can hold beyond {@link TrendUpdate#problems()}.
     *
     * @throws InvalidRecordException if the trend cannot be stored
     */
    public static void requireStorable(TrendUpdate trend) {
        List<String> problems = new ArrayList<>();
        longerThan(problems, "trendId", trend.trendId(), MAX_TREND_ID);
        longerThan(problems, "scope", trend.scope(), MAX_SCOPE);
        longerThan(problems, "tag", trend.tag(), MAX_TAG);
        if (trend.trendId() != null && !trend.trendId().startsWith(TrendUpdate.key(trend.scope(), trend.tag()) + "|")) {
            problems.add("'trendId' must start with '<scope>|<tag>|'");
        }
        if (trend.peakAt() == null) {
            problems.add("missing required field 'peakAt'");
        }
        if (trend.mentions() < 0 || trend.authors() < 0 || trend.peakPerMinute() < 0 || trend.perMinute() < 0) {
            problems.add("'mentions', 'authors', 'peakPerMinute' and 'perMinute' must not be negative");
        }
        if (!Double.isFinite(trend.expected()) || !Double.isFinite(trend.score())) {
            problems.add("'expected' and 'score' must be finite numbers");
        }
        if (trend.related().stream().anyMatch(related -> related == null || related.tag() == null)) {
            problems.add("every entry of 'related' needs a 'tag'");
        }
        else if (relatedJson(trend).length() > MAX_RELATED_JSON) {
            problems.add("'related' is longer than " + MAX_RELATED_JSON + " characters as JSON");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("invalid TrendUpdate: " + String.join("; ", problems));
        }
    }

    private static void longerThan(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add("'" + field + "' is longer than " + max + " characters");
        }
    }

    private static String relatedJson(TrendUpdate trend) {
        return TagpulseJson.writeString(trend.related());
    }

    /**
     * Inserts the trends or replaces their stored rows unless a row judges a later moment, in one JDBC batch (run it
     * in a transaction to store all or nothing).
     *
     * @throws InvalidRecordException if a trend cannot be stored (nothing is written then)
     */
    public void upsert(List<TrendUpdate> trends) {
        if (trends.isEmpty()) {
            return;
        }
        trends.forEach(TrendRepository::requireStorable);
        List<Object[]> rows = trends.stream().map(trend -> new Object[] { trend.trendId(), trend.scope(), trend.tag(),
                trend.status(), utc(trend.startedAt()), utc(trend.peakAt()), trend.peakPerMinute(),
                trend.endedAt() == null ? null : utc(trend.endedAt()), utc(trend.asOf()), trend.mentions(),
                trend.authors(), trend.expected(), trend.score(), trend.perMinute(), relatedJson(trend),
                trend.moderated() }).toList();
        jdbc.batchUpdate(UPSERT, rows);
        List<Object[]> days = dayAuthors(trends).entrySet().stream()
            .map(entry -> new Object[] { entry.getKey().tag(), entry.getKey().day(), entry.getValue() })
            .toList();
        if (!days.isEmpty()) {
            jdbc.batchUpdate(UPSERT_DAY_AUTHORS, days);
        }
    }

    private record TagDay(String tag, LocalDate day) implements Comparable<TagDay> {

        @Override
        public int compareTo(TagDay other) {
            int byTag = tag.compareTo(other.tag);
            return byTag != 0 ? byTag : day.compareTo(other.day);
        }
    }

    /**
     * The largest estimate of each tag and day among the global scope's records (other scopes carry none), in a
     * fixed order so that concurrent batches lock rows alike.
     */
    private static Map<TagDay, Long> dayAuthors(List<TrendUpdate> trends) {
        Map<TagDay, Long> largest = new TreeMap<>();
        for (TrendUpdate trend : trends) {
            if (TrendScope.GLOBAL.equals(trend.scope())) {
                for (DayAuthors day : trend.authorsByDay()) {
                    largest.merge(new TagDay(trend.tag(), LocalDate.ofInstant(day.day(), ZoneOffset.UTC)),
                            day.authors(), Math::max);
                }
            }
        }
        return largest;
    }

    /** @return the stored distinct authors of the tag on the UTC day, if any */
    public Optional<Long> dayAuthors(String tag, LocalDate day) {
        return jdbc.queryForList("SELECT authors FROM tag_day_authors WHERE tag = ? AND utc_day = ?", Long.class, tag, day)
            .stream()
            .findFirst();
    }

    /**
     * Deletes the distinct authors of the UTC days before {@code firstKept}, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteDayAuthorsBefore(LocalDate firstKept, int chunk) {
        return Chunks.deleteAll(() -> jdbc.update(DELETE_DAYS_BEFORE, firstKept, chunk), chunk);
    }

    /** @return the trend as stored, if it is */
    public Optional<TrendUpdate> find(String trendId) {
        return jdbc.query(FIND, TrendRepository::trend, trendId).stream().findFirst();
    }

    /**
     * Deletes the trends last updated before the cutoff, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteUpdatedBefore(Instant cutoff, int chunk) {
        return Chunks.deleteAll(() -> jdbc.update(DELETE_UPDATED_BEFORE, utc(cutoff), chunk), chunk);
    }

    private static TrendUpdate trend(ResultSet rs, int row) throws SQLException {
        OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
        return new TrendUpdate(rs.getString("trend_id"), rs.getString("scope"), rs.getString("tag"),
                rs.getString("status"), instant(rs, "started_at"), instant(rs, "peak_at"),
                rs.getLong("peak_per_minute"), ended == null ? null : ended.toInstant(), instant(rs, "as_of"),
                rs.getLong("mentions"), rs.getLong("authors"), rs.getDouble("expected"), rs.getDouble("score"),
                rs.getLong("per_minute"), List.of(TagpulseJson.mapper().readValue(rs.getString("related"),
                        RelatedTag[].class)), rs.getBoolean("moderated"), TrendUpdate.CURRENT_VERSION);
    }
}
