package io.tagpulse.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables the sink writes, for the dashboard's tests: created with the sink's own Flyway migrations (read from
 * sink-app's sources, whose directory the build passes as {@value #MIGRATIONS}; the dashboard never migrates), and
 * filled as the sink fills them: a later count of a window replaces the stored one, a ranking replaces its window's.
 */
public final class SinkTables {

    /** The system property naming the directory of the sink's migrations. */
    public static final String MIGRATIONS = "tagpulse.sink.migrations";

    private final JdbcTemplate jdbc;

    public SinkTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Creates the sink's tables in an empty database, as the sink does when it first starts. */
    public static void migrate(DataSource dataSource) {
        Path migrations = Path.of(System.getProperty(MIGRATIONS, "../sink-app/src/main/resources/db/migration"))
            .toAbsolutePath()
            .normalize();
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("The sink's migrations are not at " + migrations + ": set -D" + MIGRATIONS
                    + " to sink-app/src/main/resources/db/migration (the build does)");
        }
        Flyway.configure().dataSource(dataSource).locations("filesystem:" + migrations).load().migrate();
    }

    /** Stores the counts, each replacing the stored count of its tag and window. */
    public void store(List<HashtagCount> counts) {
        for (HashtagCount count : counts) {
            Instant start = count.windowStart().truncatedTo(ChronoUnit.MILLIS);
            Instant end = count.windowEnd().truncatedTo(ChronoUnit.MILLIS);
            long size = end.toEpochMilli() - start.toEpochMilli();
            jdbc.update("DELETE FROM hashtag_counts WHERE tag = ? AND window_start = ? AND window_size_ms = ?",
                    count.tag(), utc(start), size);
            jdbc.update("""
                    INSERT INTO hashtag_counts (tag, window_start, window_end, window_size_ms, mention_count, display,
                                                updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""", count.tag(), utc(start), utc(end), size,
                    count.count(), count.display());
        }
    }

    /** Stores the ranking, replacing its window's. */
    public void store(TrendingTags ranking) {
        Instant start = ranking.windowStart().truncatedTo(ChronoUnit.MILLIS);
        Instant end = ranking.windowEnd().truncatedTo(ChronoUnit.MILLIS);
        long size = end.toEpochMilli() - start.toEpochMilli();
        jdbc.update("DELETE FROM trending_tags WHERE window_start = ? AND window_size_ms = ?", utc(start), size);
        for (int i = 0; i < ranking.tags().size(); i++) {
            TagTrend tag = ranking.tags().get(i);
            jdbc.update("""
                    INSERT INTO trending_tags (window_start, window_end, window_size_ms, tag_rank, tag, mention_count,
                                               baseline, score, partitions, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""", utc(start), utc(end), size, i + 1,
                    tag.tag(), tag.count(), tag.baseline(), tag.score(), ranking.partitions());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
