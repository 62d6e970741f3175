package io.tagpulse.sink;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of the sink's counts: stores hashtag counts idempotently and deletes old windows. (The dashboard app reads
 * them with SQL of its own.)
 * <p>
 * A row is keyed by tag, window start and window size. Every statement is portable SQL that runs on H2 2.x and
 * PostgreSQL 15+ (standard {@code MERGE}, {@code FETCH FIRST}, explicit {@code CAST}s so that PostgreSQL knows the
 * type of each bound parameter). Instants are truncated to milliseconds, the precision of Kafka timestamps, and bound
 * as UTC {@link OffsetDateTime}s.
 */
public class HashtagCountRepository {

    /** The longest tag the table holds, in UTF-16 chars (a bound on characters in both databases). */
    public static final int MAX_TAG_LENGTH = 500;

    // A later record for the same key carries the running total of its window, so it replaces the count: storing a
    // record twice (a redelivery after a rebalance or a crash) leaves the same row. Records of one tag share a Kafka
    // partition (the key is the tag), so replays re-apply them in order and the last count wins again.
    private static final String UPSERT = """
            MERGE INTO hashtag_counts AS t
            USING (VALUES (CAST(? AS VARCHAR(500)), CAST(? AS TIMESTAMP WITH TIME ZONE),
                           CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), CAST(? AS BIGINT),
                           CAST(? AS VARCHAR(500))))
                AS s (tag, window_start, window_end, window_size_ms, mention_count, display)
            ON t.tag = s.tag AND t.window_start = s.window_start AND t.window_size_ms = s.window_size_ms
            WHEN MATCHED THEN
                UPDATE SET window_end = s.window_end, mention_count = s.mention_count,
                           display = COALESCE(s.display, t.display), updated_at = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN
                INSERT (tag, window_start, window_end, window_size_ms, mention_count, display, updated_at)
                VALUES (s.tag, s.window_start, s.window_end, s.window_size_ms, s.mention_count, s.display,
                        CURRENT_TIMESTAMP)
            """;

    private static final String DISPLAY_AT = """
            SELECT display
            FROM hashtag_counts
            WHERE tag = ? AND window_start = ? AND window_size_ms = ?
            """;

    // Bounded chunks keep each delete's transaction (and lock set) small on a large table. The sizes' condition is
    // filled in by the retention rule (see RetentionPolicy); the index on (window_size_ms, window_start, ...) finds
    // the old windows of a size.
    private static final String DELETE_BEFORE = """
            DELETE FROM hashtag_counts
            WHERE (tag, window_start, window_size_ms) IN (
                SELECT tag, window_start, window_size_ms FROM hashtag_counts
                WHERE window_start < ? /*sizes*/
                FETCH FIRST ? ROWS ONLY)
            """;

    private static final String COUNT_AT = """
            SELECT mention_count
            FROM hashtag_counts
            WHERE tag = ? AND window_start = ? AND window_size_ms = ?
            """;

    private final JdbcTemplate jdbc;

    public HashtagCountRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Checks what the table can hold beyond {@link HashtagCount#problems()}, so that a record the database would
     * refuse is rejected (and dead-lettered) before it is written.
     *
     * @throws InvalidRecordException if the count cannot be stored
     */
    public static void requireStorable(HashtagCount count) {
        if (count.tag().length() > MAX_TAG_LENGTH) {
            throw new InvalidRecordException("invalid HashtagCount: 'tag' is longer than " + MAX_TAG_LENGTH
                    + " characters");
        }
        if (count.display() != null && count.display().length() > MAX_TAG_LENGTH) {
            throw new InvalidRecordException("invalid HashtagCount: 'display' is longer than " + MAX_TAG_LENGTH
                    + " characters");
        }
        if (!windowEnd(count).isAfter(windowStart(count))) {
            throw new InvalidRecordException("invalid HashtagCount: the window is shorter than a millisecond");
        }
    }

    /**
     * Inserts or replaces the counts, in one JDBC batch (run it in a transaction to store all or nothing). A count
     * without a display form keeps the one stored.
     *
     * @throws InvalidRecordException if a count cannot be stored (nothing is written then)
     */
    public void upsert(List<HashtagCount> counts) {
        if (counts.isEmpty()) {
            return;
        }
        counts.forEach(HashtagCountRepository::requireStorable);
        List<Object[]> rows = counts.stream().map(count -> {
            Instant start = windowStart(count);
            Instant end = windowEnd(count);
            return new Object[] { count.tag(), utc(start), utc(end), end.toEpochMilli() - start.toEpochMilli(),
                    count.count(), count.display() };
        }).toList();
        jdbc.batchUpdate(UPSERT, rows);
    }

    /** @return the count stored for the tag and window, if any (for checks: the dashboard app serves the reads) */
    public OptionalLong countAt(String tag, Instant windowStart, long windowSizeMs) {
        List<Long> counts = jdbc.queryForList(COUNT_AT, Long.class, tag, utc(windowStart), windowSizeMs);
        return counts.isEmpty() ? OptionalLong.empty() : OptionalLong.of(counts.get(0));
    }

    /** @return the display form stored for the tag and window, empty when none is (or no count is) */
    public Optional<String> displayAt(String tag, Instant windowStart, long windowSizeMs) {
        return jdbc.queryForList(DISPLAY_AT, String.class, tag, utc(windowStart), windowSizeMs).stream()
            .filter(display -> display != null)
            .findFirst();
    }

    /**
     * Deletes the counts of windows that start before the cutoff, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteWindowsBefore(Instant cutoff, int chunk) {
        return deleteWindowsBefore(new RetentionPolicy.Cutoff(null, Set.of(), cutoff), chunk);
    }

    /**
     * Deletes the counts of the windows the cutoff names (one size, or every size without a rule of its own) that
     * start before it, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteWindowsBefore(RetentionPolicy.Cutoff cutoff, int chunk) {
        Chunks.Delete delete = Chunks.bySize(DELETE_BEFORE, cutoff, utc(cutoff.before()), chunk);
        return Chunks.deleteAll(() -> jdbc.update(delete.sql(), delete.arguments()), chunk);
    }

    private static Instant windowStart(HashtagCount count) {
        return count.windowStart().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant windowEnd(HashtagCount count) {
        return count.windowEnd().truncatedTo(ChronoUnit.MILLIS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
