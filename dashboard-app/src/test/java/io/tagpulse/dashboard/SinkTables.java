package io.tagpulse.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables the sink writes, for the dashboard's tests: created with the sink's own Flyway migrations (read from
 * sink-app's sources, whose directory the build passes as {@value #MIGRATIONS}; the dashboard never migrates), and
 * filled as the sink fills them: a later count of a window replaces the stored one, a trend's later record its
 * earlier one, and every moderation decision is recorded once.
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

    /**
     * Stores a trend record as the sink does: one row per trend id, replaced by a record of the same trend whose
     * assessment is not older than the stored one.
     */
    public void store(TrendUpdate trend) {
        Integer stored = jdbc.queryForObject("SELECT COUNT(*) FROM trends WHERE trend_id = ? AND as_of > ?",
                Integer.class, trend.trendId(), utc(trend.asOf()));
        if (stored != null && stored > 0) {
            return;
        }
        jdbc.update("DELETE FROM trends WHERE trend_id = ?", trend.trendId());
        jdbc.update("""
                INSERT INTO trends (trend_id, scope, tag, status, started_at, peak_at, peak_per_minute, ended_at, as_of,
                                    mentions, authors, expected, score, per_minute, related, moderated, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""", trend.trendId(),
                trend.scope(), trend.tag(), trend.status(), utc(trend.startedAt()), utc(trend.peakAt()),
                trend.peakPerMinute(), trend.endedAt() == null ? null : utc(trend.endedAt()), utc(trend.asOf()),
                trend.mentions(), trend.authors(), trend.expected(), trend.score(), trend.perMinute(),
                TagpulseJson.writeString(trend.related()), trend.moderated());
    }

    /** Stores a tag's distinct authors on a UTC day, as the sink does from a global trend's authorsByDay. */
    public void storeDayAuthors(String tag, LocalDate day, long authors) {
        jdbc.update("DELETE FROM tag_day_authors WHERE tag = ? AND utc_day = ?", tag, day);
        jdbc.update("INSERT INTO tag_day_authors (tag, utc_day, authors, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                tag, day, authors);
    }

    /** Records a moderation decision read from a partition and offset of the moderation topic, as the sink does. */
    public void record(ModerationDecision decision, int partition, long offset) {
        jdbc.update("""
                INSERT INTO moderation_decisions (source_partition, source_offset, decision_key, action, subject,
                                                  decided_by, reason, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", partition, offset, decision.key(), decision.action(),
                decision.subject(), decision.by(), decision.reason(), utc(decision.at()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
