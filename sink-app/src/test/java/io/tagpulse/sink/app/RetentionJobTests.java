package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.RetentionPolicy;
import io.tagpulse.sink.TrendingRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention job on H2 with the migrations applied, at a fixed time: by window size. */
class RetentionJobTests {

    private static final Instant NOW = Instant.parse("2026-08-10T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private HashtagCountRepository counts;

    private TrendingRepository trending;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).load().migrate();
        counts = new HashtagCountRepository(new JdbcTemplate(dataSource));
        trending = new TrendingRepository(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    private void store(Instant start) {
        counts.upsert(List.of(new HashtagCount("kafka", start, start.plusSeconds(1), 1)));
        trending.replace(new TrendingTags(start, start.plusSeconds(60), 1, List.of(new TagTrend("kafka", 1, 0, 2))));
    }

    @Test
    void shouldDeleteWindowsOlderThanTheRetentionFromBothTables() {
        Instant old = NOW.minus(Duration.ofDays(7)).minusMillis(1);
        Instant kept = NOW.minus(Duration.ofDays(7));
        store(old);
        store(kept);

        new RetentionJob(counts, trending, new RetentionPolicy(Duration.ofDays(7), Map.of()), 1, clock).run();

        assertThat(counts.countAt("kafka", old, 1000)).isEmpty();
        assertThat(counts.countAt("kafka", kept, 1000)).hasValue(1);
        assertThat(trending.deleteWindowsBefore(kept, 10)).isZero();
        assertThat(trending.latest()).hasValueSatisfying(ranking -> assertThat(ranking.windowStart()).isEqualTo(kept));
    }

    @Test
    void shouldKeepEachWindowSizeAsLongAsItsOwnRuleSays() {
        Instant ninetyDaysAgo = NOW.minus(Duration.ofDays(90));
        counts.upsert(List.of(new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(1), 1),
                new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(60), 2),
                new HashtagCount("kafka", ninetyDaysAgo, ninetyDaysAgo.plusSeconds(3600), 3)));
        trending.replace(new TrendingTags(ninetyDaysAgo, ninetyDaysAgo.plusSeconds(3600), 1,
                List.of(new TagTrend("kafka", 3, 0, 2))));

        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(7), Map.of(Duration.ofHours(1),
                Duration.ofDays(400)));
        new RetentionJob(counts, trending, policy, 10, clock).run();

        assertThat(counts.countAt("kafka", ninetyDaysAgo, 1000)).isEmpty();
        assertThat(counts.countAt("kafka", ninetyDaysAgo, 60_000)).isEmpty();
        assertThat(counts.countAt("kafka", ninetyDaysAgo, 3_600_000)).hasValue(3);
        assertThat(trending.latest()).hasValueSatisfying(ranking ->
                assertThat(ranking.windowStart()).isEqualTo(ninetyDaysAgo));
    }

    @Test
    void shouldKeepEverythingWhenRetentionIsZero() {
        Instant ancient = NOW.minus(Duration.ofDays(3650));
        store(ancient);

        RetentionJob job = new RetentionJob(counts, trending, new RetentionPolicy(Duration.ZERO, Map.of()), 100, clock);
        job.run();

        assertThat(job.enabled()).isFalse();
        assertThat(counts.countAt("kafka", ancient, 1000)).hasValue(1);
    }
}
