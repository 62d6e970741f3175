package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.InMemoryH2;
import io.tagpulse.sink.ModerationRepository;
import io.tagpulse.sink.RetentionPolicy;
import io.tagpulse.sink.TrendRepository;
import io.tagpulse.sink.Trends;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention job on H2 with the migrations applied, at a fixed time: windows by size, trends by their history. */
class RetentionJobTests {

    private static final Instant NOW = Instant.parse("2026-08-10T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private HashtagCountRepository counts;

    private TrendRepository trends;

    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        DataSource dataSource = InMemoryH2.emptyDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        counts = new HashtagCountRepository(jdbc);
        trends = new TrendRepository(jdbc);
    }

    private RetentionJob job(RetentionPolicy policy, Duration trendHistory, int chunk) {
        return new RetentionJob(counts, trends, policy, trendHistory, chunk, clock);
    }

    @Test
    void shouldDeleteWindowsOlderThanTheRetention() {
        Instant old = NOW.minus(Duration.ofDays(7)).minusMillis(1);
        Instant kept = NOW.minus(Duration.ofDays(7));
        counts.upsert(List.of(new HashtagCount("kafka", old, old.plusSeconds(1), 1),
                new HashtagCount("kafka", kept, kept.plusSeconds(1), 1)));

        job(new RetentionPolicy(Duration.ofDays(7), Map.of()), Duration.ZERO, 1).run();

        assertThat(counts.countAt("kafka", old, 1000)).isEmpty();
        assertThat(counts.countAt("kafka", kept, 1000)).hasValue(1);
    }

    @Test
    void shouldKeepEachWindowSizeAsLongAsItsOwnRuleSays() {
        Instant ninetyDaysAgo = NOW.minus(Duration.ofDays(90));
        counts.upsert(List.of(new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(1), 1),
                new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(60), 2),
                new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(3600), 3)));

        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(7), Map.of(Duration.ofHours(1),
                Duration.ofDays(400)));
        job(policy, Duration.ofDays(7), 10).run();

        assertThat(counts.countAt("kafka", ninetyDaysAgo, 1000)).isEmpty();
        assertThat(counts.countAt("kafka", ninetyDaysAgo, 60_000)).isEmpty();
        assertThat(counts.countAt("kafka", ninetyDaysAgo, 3_600_000)).hasValue(3);
    }

    @Test
    void shouldDeleteTrendsLastUpdatedLongerAgoThanTheHistoryAndKeepDecisions() {
        trends.upsert(List.of(Trends.started("old", NOW.minus(Duration.ofDays(30))), Trends.started("recent", NOW)));
        jdbc.update("UPDATE trends SET updated_at = ? WHERE tag = 'old'",
                NOW.minus(Duration.ofDays(7)).minusMillis(1).atOffset(ZoneOffset.UTC));
        jdbc.update("UPDATE trends SET updated_at = ? WHERE tag = 'recent'",
                NOW.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC));
        new ModerationRepository(jdbc).record(new ModerationDecision(ModerationDecision.HIDE, "old", "alice", "",
                NOW.minus(Duration.ofDays(400))), 0, 0);

        job(new RetentionPolicy(Duration.ZERO, Map.of()), Duration.ofDays(7), 1).run();

        assertThat(jdbc.queryForList("SELECT tag FROM trends", String.class)).containsExactly("recent");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM moderation_decisions", Integer.class)).isEqualTo(1);
    }

    @Test
    void shouldKeepEverythingWhenEveryRetentionIsZero() {
        Instant ancient = NOW.minus(Duration.ofDays(3650));
        counts.upsert(List.of(new HashtagCount("kafka", ancient, ancient.plusSeconds(1), 1)));
        trends.upsert(List.of(Trends.started("ancient", ancient)));
        jdbc.update("UPDATE trends SET updated_at = ?", ancient.atOffset(ZoneOffset.UTC));

        RetentionJob job = job(new RetentionPolicy(Duration.ZERO, Map.of()), Duration.ZERO, 100);
        job.run();

        assertThat(job.enabled()).isFalse();
        assertThat(counts.countAt("kafka", ancient, 1000)).hasValue(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM trends", Integer.class)).isEqualTo(1);
        assertThat(job(new RetentionPolicy(Duration.ZERO, Map.of()), Duration.ofDays(1), 100).enabled()).isTrue();
    }
}
