package io.tagpulse.sink;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stores the counter's trending rankings, one per window (its rows ranked from 1, the top tag), in portable SQL for
 * H2 2.x and PostgreSQL 15+.
 */
public class TrendingRepository {

    private static final String STORED_PARTITIONS = """
            SELECT MAX(partitions) FROM trending_tags
            WHERE window_start = ? AND window_size_ms = ?
            """;

    private static final String DELETE_WINDOW = """
            DELETE FROM trending_tags WHERE window_start = ? AND window_size_ms = ?
            """;

    private static final String INSERT = """
            INSERT INTO trending_tags (window_start, window_end, window_size_ms, tag_rank, tag, mention_count,
                                       baseline, score, partitions, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)
            """;

    // The ranking of the window that ends last; identical to what the query API runs for the latest ranking.
    private static final String LATEST = """
            SELECT window_start, window_end, partitions, tag_rank, tag, mention_count, baseline, score
            FROM trending_tags
            WHERE window_end = (SELECT MAX(window_end) FROM trending_tags)
            ORDER BY window_start DESC, tag_rank
            """;

    private static final String DELETE_BEFORE = """
            DELETE FROM trending_tags
            WHERE (window_start, window_size_ms, tag_rank) IN (
                SELECT window_start, window_size_ms, tag_rank FROM trending_tags
                WHERE window_start < ? /*sizes*/
                FETCH FIRST ? ROWS ONLY)
            """;

    private final JdbcTemplate jdbc;

    private final TransactionOperations transactions;

    /** @param transactions runs the replacement of a window's ranking in one transaction */
    public TrendingRepository(JdbcTemplate jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Replaces the window's ranking with this one, in one transaction, unless the stored ranking has more partitions
     * (it is a later refinement: a redelivered older record must not replace it).
     *
     * @return whether the ranking was stored
     */
    public boolean replace(TrendingTags trending) {
        Instant start = trending.windowStart().truncatedTo(ChronoUnit.MILLIS);
        Instant end = trending.windowEnd().truncatedTo(ChronoUnit.MILLIS);
        long sizeMs = end.toEpochMilli() - start.toEpochMilli();
        Boolean stored = transactions.execute(status -> {
            Integer partitions = jdbc.queryForObject(STORED_PARTITIONS, Integer.class, utc(start), sizeMs);
            if (partitions != null && partitions > trending.partitions()) {
                return false;
            }
            jdbc.update(DELETE_WINDOW, utc(start), sizeMs);
            List<Object[]> rows = new ArrayList<>(trending.tags().size());
            for (int i = 0; i < trending.tags().size(); i++) {
                TagTrend tag = trending.tags().get(i);
                rows.add(new Object[] { utc(start), utc(end), sizeMs, i + 1, tag.tag(), tag.count(), tag.baseline(),
                        tag.score(), trending.partitions() });
            }
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(INSERT, rows);
            }
            return true;
        });
        return Boolean.TRUE.equals(stored);
    }

    /** @return the ranking of the window that ends last, if any */
    public Optional<TrendingTags> latest() {
        List<Object[]> rows = jdbc.query(LATEST, (rs, row) -> new Object[] {
                rs.getObject("window_start", OffsetDateTime.class).toInstant(),
                rs.getObject("window_end", OffsetDateTime.class).toInstant(), rs.getInt("partitions"),
                new TagTrend(rs.getString("tag"), rs.getLong("mention_count"), rs.getDouble("baseline"),
                        rs.getDouble("score")) });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] first = rows.get(0);
        List<TagTrend> tags = rows.stream()
            .filter(row -> row[0].equals(first[0]))
            .map(row -> (TagTrend) row[3])
            .toList();
        return Optional.of(new TrendingTags((Instant) first[0], (Instant) first[1], (Integer) first[2], tags));
    }

    /**
     * Deletes the rankings of windows that start before the cutoff, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteWindowsBefore(Instant cutoff, int chunk) {
        return deleteWindowsBefore(new RetentionPolicy.Cutoff(null, Set.of(), cutoff), chunk);
    }

    /**
     * Deletes the rankings of the windows the cutoff names (one size, or every size without a rule of its own) that
     * start before it, at most {@code chunk} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long deleteWindowsBefore(RetentionPolicy.Cutoff cutoff, int chunk) {
        Chunks.Delete delete = Chunks.bySize(DELETE_BEFORE, cutoff, utc(cutoff.before()), chunk);
        return Chunks.deleteAll(() -> jdbc.update(delete.sql(), delete.arguments()), chunk);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
