package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
    void shouldListTheScopesThatHaveTrends() {
        assertThat(trends.scopes()).isEmpty();
        tables.store(hot(GLOBAL, "a", 1.0, 1));
        tables.store(hot(TrendScope.platform("mastodon"), "a", 1.0, 1));
        tables.store(hot(ENGLISH, "a", 1.0, 1));
        tables.store(hot(ENGLISH, "b", 1.0, 1));

        assertThat(trends.scopes()).containsExactly("global", "language:en", "platform:mastodon");
    }
}
