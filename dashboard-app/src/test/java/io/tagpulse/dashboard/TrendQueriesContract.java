package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The read queries of {@link TrendQueries} on a real database with the sink's migrations applied, its rows written as
 * the sink writes them ({@link SinkTables}); each database the sink supports runs it through a subclass that names
 * a {@link TestDatabase}.
 */
abstract class TrendQueriesContract extends SinkDatabaseContract {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static final TrendScope GLOBAL = TrendScope.GLOBAL_SCOPE;

    private static final TrendScope ENGLISH = TrendScope.language("en");

    private static final String HOSTILE = "'; DROP TABLE trends; --<img src=x>";

    private TrendQueries trends;

    private long offset;

    /** @param database where each test gets an empty database */
    TrendQueriesContract(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void repository() {
        trends = new TrendQueries(jdbc, Duration.ofMinutes(5));
    }

    /** A trend record of a tag that started at {@code startSecond} and is assessed at {@code asOfSecond}. */
    private static TrendUpdate trend(TrendScope scope, String tag, String status, int startSecond, int asOfSecond,
            double score, long mentions) {
        Instant started = T0.plusSeconds(startSecond);
        return new TrendUpdate(TrendUpdate.trendId(scope.toString(), tag, started), scope.toString(), tag, status,
                started, started.plusSeconds(30), mentions * 2, TrendUpdate.ENDED.equals(status)
                        ? T0.plusSeconds(asOfSecond) : null, T0.plusSeconds(asOfSecond), mentions, mentions / 2,
                mentions / 10.0, score, mentions / 5, List.of(new RelatedTag("with-" + tag, mentions / 3)), false,
                null);
    }

    private static TrendUpdate hot(TrendScope scope, String tag, double score, long mentions) {
        return trend(scope, tag, TrendUpdate.HOT, 0, 600, score, mentions);
    }

    private void decide(String action, String subject, int second) {
        tables.record(new ModerationDecision(action, subject, "test", "because", T0.plusSeconds(second)), 0,
                offset++);
    }

    @Test
    void shouldListTheCurrentTrendsOfAScopeBestFirstWithEverything() {
        tables.store(hot(GLOBAL, "mid", 8.0, 100));
        tables.store(hot(GLOBAL, "best", 12.5, 50));
        tables.store(hot(GLOBAL, "tie-more", 8.0, 300));
        tables.store(hot(GLOBAL, "tie-b", 8.0, 100));
        tables.store(trend(GLOBAL, "cooling", TrendUpdate.COOLING, 0, 600, 3.0, 40));
        tables.store(trend(GLOBAL, "rising", TrendUpdate.RISING, 550, 600, 5.0, 30));
        tables.store(trend(GLOBAL, "over", TrendUpdate.ENDED, 0, 600, 20.0, 500));
        tables.store(hot(ENGLISH, "english-only", 30.0, 900));

        List<Trend> current = trends.current(GLOBAL, 10);

        assertThat(current).extracting(Trend::tag)
            .containsExactly("best", "tie-more", "mid", "tie-b", "rising", "cooling");
        assertThat(current).extracting(Trend::rank).containsExactly(1, 2, 3, 4, 5, 6);
        Trend best = current.get(0);
        Instant started = T0;
        assertThat(best).isEqualTo(new Trend(1, "global|best|" + started.toEpochMilli(), "global", "best", "HOT",
                started, started.plusSeconds(30), 100, null, T0.plusSeconds(600), 50, 25, 5.0, 12.5, 10,
                List.of(new RelatedTag("with-best", 16)), false));
        assertThat(trends.current(GLOBAL, 2)).extracting(Trend::tag).containsExactly("best", "tie-more");
        assertThat(trends.current(ENGLISH, 10)).extracting(Trend::tag).containsExactly("english-only");
        assertThat(trends.current(TrendScope.platform("nowhere"), 10)).isEmpty();
    }

    @Test
    void shouldShowTheLatestRecordOfATrendAndLeaveOutEndedAndModeratedOnes() {
        TrendUpdate rising = trend(GLOBAL, "kafka", TrendUpdate.RISING, 0, 60, 4.0, 20);
        tables.store(rising);
        tables.store(trend(GLOBAL, "kafka", TrendUpdate.HOT, 0, 120, 9.0, 80));
        tables.store(rising); // an older record arriving late does not replace the newer one
        assertThat(trends.current(GLOBAL, 10)).singleElement()
            .satisfies(trend -> assertThat(trend.status()).isEqualTo("HOT"))
            .satisfies(trend -> assertThat(trend.mentions()).isEqualTo(80));

        TrendUpdate ended = trend(GLOBAL, "kafka", TrendUpdate.ENDED, 0, 180, 1.0, 5);
        tables.store(ended);
        assertThat(trends.current(GLOBAL, 10)).isEmpty();

        TrendUpdate moderated = trend(GLOBAL, "spam", TrendUpdate.HOT, 0, 180, 9.0, 80);
        tables.store(new TrendUpdate(moderated.trendId(), "global", "spam", "HOT", moderated.startedAt(),
                moderated.peakAt(), 1, null, moderated.asOf(), 1, 1, 1, 9.0, 1, List.of(), true, null));
        assertThat(trends.current(GLOBAL, 10)).isEmpty();
    }

    @Test
    void shouldListOneTrendPerTagAndLeaveOutTrendsLeftBehindByAStoppedCounter() {
        // A tag's earlier trend the counter never ended (it lost its state), assessed long before the newest.
        tables.store(trend(GLOBAL, "kafka", TrendUpdate.HOT, 0, 60, 20.0, 90));
        tables.store(trend(GLOBAL, "stale", TrendUpdate.HOT, 0, 60, 20.0, 90));
        tables.store(trend(GLOBAL, "kafka", TrendUpdate.RISING, 3000, 3600, 5.0, 40));
        tables.store(trend(GLOBAL, "java", TrendUpdate.HOT, 3000, 3400, 4.0, 40)); // within 5 minutes of the newest

        assertThat(trends.current(GLOBAL, 10)).extracting(Trend::tag, Trend::startedAt)
            .containsExactly(tuple("kafka", T0.plusSeconds(3000)), tuple("java", T0.plusSeconds(3000)));
    }

    @Test
    void shouldLeaveOutTagsHiddenOrBlockedByTheirLatestDecision() {
        tables.store(hot(GLOBAL, "kafka", 9.0, 90));
        tables.store(hot(GLOBAL, "spam", 8.0, 80));
        tables.store(hot(GLOBAL, "casino-royale", 7.0, 70));
        tables.store(hot(GLOBAL, "java", 6.0, 60));
        tables.store(hot(ENGLISH, "spam", 6.0, 60));
        tables.store(hot(GLOBAL, HashtagExtractor.normalizeTyped(HOSTILE), 5.0, 50));

        decide(ModerationDecision.HIDE, "#Spam", 10);
        decide(ModerationDecision.BLOCK_LIST, "*casino*, nsfw", 20);
        decide(ModerationDecision.HIDE, HOSTILE, 30);
        assertThat(trends.current(GLOBAL, 10)).extracting(Trend::tag).containsExactly("kafka", "java");
        assertThat(trends.current(ENGLISH, 10)).isEmpty();
        assertThat(trends.current(GLOBAL, 1)).extracting(Trend::tag).containsExactly("kafka");

        decide(ModerationDecision.UNHIDE, "spam", 40);
        decide(ModerationDecision.BLOCK_LIST, "nsfw", 50);
        assertThat(trends.current(GLOBAL, 10)).extracting(Trend::tag)
            .containsExactly("kafka", "spam", "casino-royale", "java");

        ModerationState state = trends.moderation();
        assertThat(state.hidden()).containsExactly(HashtagExtractor.normalizeTyped(HOSTILE));
        assertThat(state.blockList().entries()).containsExactly("nsfw");
        assertThat(trends.decisions(2)).extracting(recorded -> recorded.decision().subject())
            .containsExactly("nsfw", "spam");
        assertThat(trends.decisions(10)).hasSize(5).first()
            .satisfies(recorded -> assertThat(recorded.key()).isEqualTo("block-list"));
    }

    @Test
    void shouldSkipPastManyHiddenTrendsToFillTheLimit() {
        for (int i = 0; i < 120; i++) {
            tables.store(hot(GLOBAL, "blocked" + i, 100.0 + i, 10));
        }
        tables.store(hot(GLOBAL, "kept", 1.0, 10));
        decide(ModerationDecision.BLOCK_LIST, "blocked*", 10);

        assertThat(trends.current(GLOBAL, 5)).extracting(Trend::tag).containsExactly("kept");
    }

    @Test
    void shouldAnswerTheTrendsThatStartedInTheRangeLatestFirst() {
        tables.store(trend(GLOBAL, "before", TrendUpdate.ENDED, -1, 100, 5.0, 10));
        tables.store(trend(GLOBAL, "first", TrendUpdate.ENDED, 0, 100, 5.0, 10));
        tables.store(trend(GLOBAL, "second", TrendUpdate.HOT, 50, 100, 5.0, 10));
        tables.store(trend(GLOBAL, "at-end", TrendUpdate.HOT, 100, 110, 5.0, 10));
        tables.store(trend(ENGLISH, "english", TrendUpdate.HOT, 50, 100, 5.0, 10));
        tables.store(trend(GLOBAL, "hidden", TrendUpdate.ENDED, 20, 100, 5.0, 10));
        decide(ModerationDecision.HIDE, "hidden", 10);

        TimeRange range = new TimeRange(T0, T0.plusSeconds(100));
        List<Trend> history = trends.history(GLOBAL, range, 10);

        assertThat(history).extracting(Trend::tag).containsExactly("second", "first");
        assertThat(history.get(1).status()).isEqualTo("ENDED");
        assertThat(history.get(1).endedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(history).extracting(Trend::rank).containsOnlyNulls();
        assertThat(trends.history(GLOBAL, range, 1)).extracting(Trend::tag).containsExactly("second");
        assertThat(trends.history(ENGLISH, range, 10)).extracting(Trend::tag).containsExactly("english");
    }

    @Test
    void shouldGiveEachCurrentTrendItsGrowthAndItsSparklineFromOneCountsQueryForAllOfThem() {
        tables.store(hot(GLOBAL, "kafka", 9.0, 90));
        tables.store(trend(GLOBAL, "java", TrendUpdate.RISING, 550, 630, 5.0, 40));
        // The newest assessment is at 12:10:30: the sparklines cover the 30 minutes [11:41, 12:11).
        tables.store(List.of(count("kafka", -1141, 100), count("kafka", -1140, 2), count("kafka", 629, 4),
                count("kafka", 659, 1), count("kafka", 660, 100), count("java", 0, 3), count("java", 30, 3)));
        // The counter's overlapping 1-minute hopping windows of the same mentions: never added in.
        tables.store(List.of(new HashtagCount("kafka", T0.plusSeconds(600), T0.plusSeconds(660), 50),
                new HashtagCount("kafka", T0.plusSeconds(610), T0.plusSeconds(670), 50)));
        CountingJdbcTemplate counting = new CountingJdbcTemplate(jdbc.getJdbcTemplate().getDataSource());
        TrendViews views = views(counting);

        TrendViews.CurrentTrends current = views.current(GLOBAL, 10);

        assertThat(current.asOf()).isEqualTo(T0.plusSeconds(630));
        assertThat(current.sparklines()).isEqualTo(new TrendViews.Sparklines(T0.minusSeconds(1140),
                T0.plusSeconds(660), 60_000));
        assertThat(current.trends()).extracting(Trend::tag, Trend::rank, Trend::growth)
            .containsExactly(tuple("kafka", 1, 10.0), tuple("java", 2, 10.0));
        Long[] kafka = new Long[30];
        Arrays.fill(kafka, 0L);
        kafka[0] = 2L;
        kafka[29] = 5L;
        assertThat(current.trends().get(0).sparkline()).containsExactly(kafka);
        Long[] javaPerMinute = new Long[30];
        Arrays.fill(javaPerMinute, 0L);
        javaPerMinute[19] = 6L; // 12:00:00 and 12:00:30, in the minute [12:00, 12:01)
        assertThat(current.trends().get(1).sparkline()).containsExactly(javaPerMinute);
        int queriesForTwo = counting.takeCount();

        for (int i = 0; i < 20; i++) {
            tables.store(hot(GLOBAL, "more" + i, 1.0, 10));
        }
        assertThat(views.current(GLOBAL, 22).trends()).hasSize(22).allSatisfy(trend ->
                assertThat(trend.sparkline()).hasSize(30));
        assertThat(counting.takeCount()).as("queries for 22 trends, as many as for 2").isEqualTo(queriesForTwo);
        assertThat(views.current(ENGLISH, 10)).isEqualTo(new TrendViews.CurrentTrends("language:en", null, null,
                List.of()));
    }

    @Test
    void shouldShowATrendWithItsVelocityOverItsLifeAndTheTrendsOfItsRelatedTags() {
        TrendUpdate earlier = trend(GLOBAL, "kafka", TrendUpdate.ENDED, -7200, -6000, 4.0, 20);
        tables.store(earlier);
        tables.store(hot(GLOBAL, "kafka", 9.0, 90)); // started at 12:00, assessed at 12:10, related #with-kafka
        tables.store(trend(GLOBAL, "with-kafka", TrendUpdate.ENDED, 100, 300, 3.0, 10));
        tables.store(hot(ENGLISH, "with-kafka", 3.0, 10));
        tables.store(List.of(count("kafka", -1801, 100), count("kafka", -1800, 1, "Kafka"), count("kafka", 0, 2),
                count("kafka", 600, 3), count("kafka", 610, 100)));
        TrendViews views = views(new CountingJdbcTemplate(jdbc.getJdbcTemplate().getDataSource()));

        TrendViews.TrendDetail detail = views.detail(GLOBAL, "kafka", null);

        assertThat(detail.trend().trendId()).isEqualTo(TrendUpdate.trendId("global", "kafka", T0));
        assertThat(detail.trend().growth()).isEqualTo(10.0);
        assertThat(detail.display()).isEqualTo("Kafka");
        // From 30 minutes before its start to its latest assessment's second (2401 s), widened to whole 10 s points.
        TrendViews.Velocity velocity = detail.velocity();
        assertThat(velocity.resolutionMillis()).isEqualTo(10_000);
        assertThat(velocity.from()).isEqualTo(T0.minusSeconds(1800));
        assertThat(velocity.to()).isEqualTo(T0.plusSeconds(610));
        assertThat(velocity.points()).hasSize(241);
        assertThat(velocity.points()).filteredOn(point -> point.count() > 0)
            .extracting(SeriesPoint::start, SeriesPoint::count)
            .containsExactly(tuple(T0.minusSeconds(1800), 1L), tuple(T0, 2L), tuple(T0.plusSeconds(600), 3L));
        assertThat(detail.related()).containsExactly(new TrendViews.RelatedTrend("with-kafka", 30,
                TrendUpdate.trendId("global", "with-kafka", T0.plusSeconds(100)), "ENDED"));

        assertThat(views.detail(GLOBAL, "kafka", earlier.trendId()).trend().status()).isEqualTo("ENDED");
        assertThat(views.detail(ENGLISH, "with-kafka", null).related()).singleElement()
            .satisfies(related -> assertThat(related.trendId()).isNull());
        assertThatThrownBy(() -> views.detail(GLOBAL, "nothing", null)).isInstanceOf(UnknownTrendException.class)
            .hasMessageContaining("no trend of 'nothing' in scope global");
        assertThatThrownBy(() -> views.detail(ENGLISH, "kafka", earlier.trendId()))
            .isInstanceOf(UnknownTrendException.class);
        assertThatThrownBy(() -> views.detail(GLOBAL, "java", earlier.trendId()))
            .isInstanceOf(UnknownTrendException.class);
        decide(ModerationDecision.HIDE, "kafka", 10);
        assertThatThrownBy(() -> views.detail(GLOBAL, "kafka", null)).isInstanceOf(UnknownTrendException.class);
        assertThatThrownBy(() -> views.detail(GLOBAL, "kafka", earlier.trendId()))
            .isInstanceOf(UnknownTrendException.class);
    }

    private TrendViews views(CountingJdbcTemplate counting) {
        return new TrendViews(new TrendQueries(counting.named(), Duration.ofMinutes(5)),
                new QueryRepository(counting.named(), Duration.ofSeconds(1)),
                new QueryRules(Duration.ofMinutes(5), Duration.ofHours(24), 10, 100), 30);
    }

    private static HashtagCount count(String tag, int second, long count, String display) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count, display);
    }

    private static HashtagCount count(String tag, int second, long count) {
        return count(tag, second, count, null);
    }

    @Test
    void shouldListTheScopesThatHaveTrends() {
        assertThat(trends.scopes()).isEmpty();
        tables.store(hot(GLOBAL, "a", 1.0, 1));
        tables.store(hot(TrendScope.platform("mastodon"), "a", 1.0, 1));
        tables.store(hot(ENGLISH, "a", 1.0, 1));
        tables.store(hot(ENGLISH, "b", 1.0, 1));

        assertThat(trends.scopes()).containsExactly("global", "language:en", "platform:mastodon");
    }
}
