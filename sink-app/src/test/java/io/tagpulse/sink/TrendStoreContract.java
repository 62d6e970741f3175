package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import io.tagpulse.contracts.DayAuthors;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendUpdate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tagpulse.sink.Trends.started;
import static io.tagpulse.sink.Trends.trend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of {@link TrendRepository}, {@link ModerationRepository} and {@link TrendAlertRepository} on a real
 * database with the Flyway migrations applied; each database the sink supports runs it through a subclass.
 */
abstract class TrendStoreContract {

    private static final Instant T0 = Instant.parse("2026-09-01T12:00:00Z");

    private JdbcTemplate jdbc;

    private TrendRepository trends;

    private ModerationRepository moderation;

    private TrendAlertRepository alerts;

    /** @return a database with no tables */
    abstract DataSource emptyDatabase();

    @BeforeEach
    void migrate() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        trends = new TrendRepository(jdbc);
        moderation = new ModerationRepository(jdbc);
        alerts = new TrendAlertRepository(jdbc);
    }

    private int trendRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM trends", Integer.class);
    }

    @Test
    void shouldStoreATrendAndReadItBackExactly() {
        TrendUpdate trend = new TrendUpdate("language:pt|café|" + T0.toEpochMilli(), "language:pt", "café",
                TrendUpdate.HOT, T0, T0.plusSeconds(30), 120, null, T0.plusSeconds(45), 300, 210, 12.5, 9.75, 90,
                List.of(new RelatedTag("brasil", 80), new RelatedTag("manhã", 12)), false,
                TrendUpdate.CURRENT_VERSION);

        trends.upsert(List.of(trend));

        assertThat(trends.find(trend.trendId())).contains(trend);
        assertThat(jdbc.queryForObject("SELECT related FROM trends", String.class))
            .isEqualTo("[{\"tag\":\"brasil\",\"mentions\":80},{\"tag\":\"manhã\",\"mentions\":12}]");
    }

    @Test
    void shouldNeverOverwriteANewerRecordWithAnOlderOne() {
        TrendUpdate first = started("kafka", T0);
        TrendUpdate later = trend("global", "kafka", T0, T0.plusSeconds(20), TrendUpdate.HOT, 90);
        TrendUpdate ended = trend("global", "kafka", T0, T0.plusSeconds(60), TrendUpdate.ENDED, 10);

        trends.upsert(List.of(later));
        trends.upsert(List.of(first));
        assertThat(trends.find(first.trendId())).contains(later);

        trends.upsert(List.of(ended, later, first));
        assertThat(trends.find(first.trendId())).contains(ended);
        assertThat(trendRows()).isEqualTo(1);
    }

    @Test
    void shouldStoreARedeliveredRecordAsTheSameRow() {
        TrendUpdate trend = trend("platform:mastodon", "rust", T0, T0.plusSeconds(5), TrendUpdate.RISING, 33);

        trends.upsert(List.of(trend));
        trends.upsert(List.of(trend));

        assertThat(trendRows()).isEqualTo(1);
        assertThat(trends.find(trend.trendId())).contains(trend);
    }

    @Test
    void shouldLetARecordOfTheSameMomentReplaceTheStoredOne() {
        TrendUpdate hot = trend("global", "java", T0, T0.plusSeconds(10), TrendUpdate.HOT, 50);
        TrendUpdate moderated = new TrendUpdate(hot.trendId(), "global", "java", TrendUpdate.ENDED, T0, T0, 50,
                T0.plusSeconds(10), T0.plusSeconds(10), 50, 26, 5, 4.5, 50, List.of(), true,
                TrendUpdate.CURRENT_VERSION);

        trends.upsert(List.of(hot));
        trends.upsert(List.of(moderated));

        assertThat(trends.find(hot.trendId())).contains(moderated);
    }

    @Test
    void shouldKeepALaterTrendOfTheSameTagApart() {
        trends.upsert(List.of(started("kafka", T0), started("kafka", T0.plusSeconds(3600)),
                trend("language:en", "kafka", T0, T0,
                TrendUpdate.RISING, 5)));

        assertThat(trendRows()).isEqualTo(3);
    }

    @Test
    void shouldRejectATrendTooBigToStoreAndWriteNothing() {
        TrendUpdate tooLong = started("t".repeat(TrendRepository.MAX_TAG + 1), T0);

        assertThatThrownBy(() -> trends.upsert(List.of(started("fine", T0), tooLong)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'tag' is longer than 300");
        assertThat(trendRows()).isZero();

        TrendUpdate longest = started("t".repeat(TrendRepository.MAX_TAG), T0);
        trends.upsert(List.of(longest));
        assertThat(trends.find(longest.trendId())).contains(longest);
    }

    @Test
    void shouldDeleteTrendsLastUpdatedBeforeTheCutoffInChunks() {
        for (int i = 0; i < 7; i++) {
            trends.upsert(List.of(started("old" + i, T0)));
        }
        trends.upsert(List.of(started("kept", T0)));
        OffsetDateTime eightDaysAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(8);
        jdbc.update("UPDATE trends SET updated_at = ? WHERE tag LIKE 'old%'", eightDaysAgo);

        Instant cutoff = Instant.now().minus(Duration.ofDays(7));
        assertThat(trends.deleteUpdatedBefore(cutoff, 3)).isEqualTo(7);

        assertThat(jdbc.queryForList("SELECT tag FROM trends", String.class)).containsExactly("kept");
        assertThat(trends.deleteUpdatedBefore(cutoff, 3)).isZero();
    }

    private static TrendUpdate withDays(String scope, String tag, Instant asOf, DayAuthors... days) {
        TrendUpdate t = trend(scope, tag, T0, asOf, TrendUpdate.HOT, 40);
        return new TrendUpdate(t.trendId(), t.scope(), t.tag(), t.status(), t.startedAt(), t.peakAt(),
                t.peakPerMinute(), t.endedAt(), t.asOf(), t.mentions(), t.authors(), t.expected(), t.score(),
                t.perMinute(), t.related(), t.moderated(), List.of(days), TrendUpdate.CURRENT_VERSION);
    }

    private static DayAuthors day(LocalDate day, long authors) {
        return new DayAuthors(day.atStartOfDay(ZoneOffset.UTC).toInstant(), authors);
    }

    @Test
    void shouldKeepTheLargestDistinctAuthorsOfEachTagAndDayFromTheGlobalScopeOnly() {
        LocalDate today = LocalDate.ofInstant(T0, ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);

        trends.upsert(List.of(withDays("global", "kafka", T0, day(today, 40), day(yesterday, 90)),
                withDays("global", "kafka", T0.plusSeconds(10), day(today, 55), day(yesterday, 90)),
                withDays("language:en", "kafka", T0.plusSeconds(20), day(today, 999))));
        // A redelivered older record never lowers a day; a later one raises it.
        trends.upsert(List.of(withDays("global", "kafka", T0, day(today, 40), day(yesterday, 85))));
        trends.upsert(List.of(withDays("global", "kafka", T0.plusSeconds(30), day(today, 61), day(yesterday, 90)),
                withDays("global", "rust", T0.plusSeconds(30), day(today, 7))));

        assertThat(trends.dayAuthors("kafka", today)).contains(61L);
        assertThat(trends.dayAuthors("kafka", yesterday)).contains(90L);
        assertThat(trends.dayAuthors("rust", today)).contains(7L);
        assertThat(trends.dayAuthors("rust", yesterday)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tag_day_authors", Integer.class)).isEqualTo(3);
    }

    @Test
    void shouldDeleteTheDistinctAuthorsOfDaysBeforeTheFirstKeptInChunks() {
        LocalDate today = LocalDate.ofInstant(T0, ZoneOffset.UTC);
        for (int d = 0; d < 7; d++) {
            Instant asOf = T0.minus(Duration.ofDays(d));
            trends.upsert(List.of(withDays("global", "kafka" + d, asOf,
                    day(today.minusDays(d), 10 + d), day(today.minusDays(d + 5), 1))));
        }

        assertThat(trends.deleteDayAuthorsBefore(today.minusDays(4), 2)).isEqualTo(9);

        assertThat(jdbc.queryForList("SELECT utc_day FROM tag_day_authors ORDER BY utc_day", LocalDate.class))
            .allMatch(day -> !day.isBefore(today.minusDays(4)))
            .hasSize(5);
        assertThat(trends.deleteDayAuthorsBefore(today.minusDays(4), 2)).isZero();
    }

    @Test
    void shouldRecordEachDecisionOnceByPartitionAndOffset() {
        ModerationDecision hide = new ModerationDecision(ModerationDecision.HIDE, "#Spam", "alice", "flood", T0);

        assertThat(moderation.record(hide, 0, 41)).isTrue();
        assertThat(moderation.record(hide, 0, 41)).isFalse();
        assertThat(moderation.record(hide, 1, 41)).isTrue();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM moderation_decisions", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT decision_key FROM moderation_decisions WHERE source_partition = 0",
                String.class)).isEqualTo("tag:spam");
    }

    @Test
    void shouldJudgeATagByTheLatestDecisionOfItsKeyAndTheLatestBlockList() {
        assertThat(moderation.exclusion("spam")).isEmpty();

        moderation.record(new ModerationDecision(ModerationDecision.HIDE, "#spam", "alice", "", T0), 0, 1);
        assertThat(moderation.exclusion("spam")).hasValueSatisfying(why -> assertThat(why).contains("hidden by alice"));

        moderation.record(new ModerationDecision(ModerationDecision.UNHIDE, "Spam", "bob", "ok", T0.plusSeconds(1)),
                0, 2);
        assertThat(moderation.exclusion("spam")).isEmpty();

        moderation.record(new ModerationDecision(ModerationDecision.BLOCK_LIST, "casino*, #nsfw", "carol", "", T0),
                1, 1);
        assertThat(moderation.exclusion("casinoroyale")).hasValueSatisfying(why -> assertThat(why).contains("block"));
        assertThat(moderation.exclusion("nsfw")).isPresent();

        // A later block list replaces the earlier one; a record redelivered changes nothing.
        moderation.record(new ModerationDecision(ModerationDecision.BLOCK_LIST, "nsfw", "carol", "", T0.plusSeconds(5)),
                1, 2);
        moderation.record(new ModerationDecision(ModerationDecision.BLOCK_LIST, "casino*, #nsfw", "carol", "", T0),
                1, 1);
        assertThat(moderation.exclusion("casinoroyale")).isEmpty();
        assertThat(moderation.exclusion("nsfw")).isPresent();
    }

    @Test
    void shouldClaimAnAlertOnceAndMoveItOnOnlyFromTheAttemptsItExpects() {
        String id = started("kafka", T0).trendId();

        assertThat(alerts.claim(id, T0)).isTrue();
        assertThat(alerts.claim(id, T0.plusSeconds(1))).isFalse();
        alerts.skip(id, "too late", T0);
        assertThat(alerts.find(id)).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(TrendAlertRepository.PENDING);
            assertThat(alert.attempts()).isZero();
            assertThat(alert.createdAt()).isEqualTo(T0);
        });

        assertThat(alerts.startAttempt(id, 0, T0.plusSeconds(20))).isTrue();
        assertThat(alerts.startAttempt(id, 0, T0.plusSeconds(20))).isFalse();
        alerts.retryLater(id, 1, "HTTP 503", T0.plusSeconds(30));
        assertThat(alerts.overdue(T0.plusSeconds(29), 10)).isEmpty();
        assertThat(alerts.overdue(T0.plusSeconds(31), 10)).extracting(TrendAlertRepository.Alert::trendId)
            .containsExactly(id);

        assertThat(alerts.startAttempt(id, 1, T0.plusSeconds(50))).isTrue();
        alerts.sent(id, 1, T0.plusSeconds(40));
        assertThat(alerts.find(id)).hasValueSatisfying(alert -> assertThat(alert.state())
            .isEqualTo(TrendAlertRepository.PENDING));
        alerts.sent(id, 2, T0.plusSeconds(40));
        assertThat(alerts.find(id)).contains(new TrendAlertRepository.Alert(id, TrendAlertRepository.SENT, 2,
                "HTTP 503", T0, T0.plusSeconds(40)));
        assertThat(alerts.overdue(T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void shouldRecordASkippedOrFailedAlertWithItsReason() {
        alerts.skip("global|spam|1", "not announced: hidden by alice", T0);
        assertThat(alerts.claim("global|spam|1", T0)).isFalse();
        assertThat(alerts.find("global|spam|1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(TrendAlertRepository.SKIPPED);
            assertThat(alert.lastError()).isEqualTo("not announced: hidden by alice");
        });

        alerts.claim("global|down|1", T0);
        alerts.startAttempt("global|down|1", 0, T0);
        alerts.failed("global|down|1", 1, "x".repeat(5000));
        assertThat(alerts.find("global|down|1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(TrendAlertRepository.FAILED);
            assertThat(alert.lastError()).hasSize(1000);
        });
    }
}
