package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries of {@link MastodonTrends} on a real database with the sink's migrations applied, its rows written as
 * the sink writes them; each database the sink supports runs it through a subclass that names a {@link TestDatabase}.
 */
abstract class MastodonTrendsContract extends SinkDatabaseContract {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-08");

    private static final String HOSTILE = "'; DROP TABLE trends; --<b>&x=1";

    /** @param database where each test gets an empty database */
    MastodonTrendsContract(TestDatabase database) {
        super(database);
    }

    private MastodonTrends mastodon(Duration... sizes) {
        return new MastodonTrends(jdbc, new TrendQueries(jdbc, Duration.ofMinutes(5)), Duration.ofSeconds(1),
                List.of(sizes));
    }

    private static Instant midnight(int daysAgo) {
        return TODAY.minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void trending(String tag, double score) {
        Instant asOf = midnight(0).plusSeconds(36_000);
        tables.store(new TrendUpdate(TrendUpdate.trendId("global", tag, asOf), "global", tag, TrendUpdate.RISING,
                asOf, asOf, 10, null, asOf, 30, 12, 3, score, 10, List.of(), false, null));
    }

    private void counts(String tag, Duration size, long count, Instant... starts) {
        for (Instant start : starts) {
            tables.store(List.of(new HashtagCount(tag, start, start.plus(size), count)));
        }
    }

    private static List<String> uses(MastodonTrends.Tag tag) {
        return tag.history().stream().map(MastodonTrends.Day::uses).toList();
    }

    private static List<String> accounts(MastodonTrends.Tag tag) {
        return tag.history().stream().map(MastodonTrends.Day::accounts).toList();
    }

    @Test
    void shouldSumEachDaysTilingWindowsTakingTheLargestSumOfAnySize() {
        trending("kafka", 9);
        Duration minute = Duration.ofMinutes(1);
        Duration hour = Duration.ofHours(1);
        // Today: 3 tiling minutes of 2 (the hopping windows between them overlap and are left out), an hour of 5.
        counts("kafka", minute, 2, midnight(0), midnight(0).plusSeconds(60), midnight(0).plusSeconds(86_340));
        counts("kafka", minute, 7, midnight(0).plusSeconds(10), midnight(0).plusSeconds(20));
        counts("kafka", hour, 5, midnight(0));
        // Yesterday: 24 hours of 10 against a minute of 1; a window from the last second before midnight.
        for (int h = 0; h < 24; h++) {
            counts("kafka", hour, 10, midnight(1).plusSeconds(h * 3600L));
        }
        counts("kafka", minute, 1, midnight(1).plusSeconds(86_340));
        // Beyond the week, and tomorrow (a counter ahead of this clock): not read.
        counts("kafka", hour, 1_000, midnight(7).plusSeconds(82_800), midnight(-1));
        counts("kafka", Duration.ofSeconds(1), 500, midnight(0).plusSeconds(1));

        MastodonTrends.Page page = mastodon(minute, hour).page(0, 10, TODAY, "https://t.example");

        assertThat(page.tags()).singleElement().satisfies(tag -> {
            assertThat(uses(tag)).containsExactly("6", "240", "0", "0", "0", "0", "0");
            assertThat(tag.history()).extracting(MastodonTrends.Day::day)
                .containsExactly(Long.toString(midnight(0).getEpochSecond()),
                        Long.toString(midnight(1).getEpochSecond()), Long.toString(midnight(2).getEpochSecond()),
                        Long.toString(midnight(3).getEpochSecond()), Long.toString(midnight(4).getEpochSecond()),
                        Long.toString(midnight(5).getEpochSecond()), Long.toString(midnight(6).getEpochSecond()));
        });
        assertThat(page.more()).isFalse();
        // Without coarser sizes, the velocity windows are read.
        assertThat(uses(mastodon().page(0, 10, TODAY, "").tags().get(0))).containsExactly("500", "0", "0", "0", "0",
                "0", "0");
    }

    @Test
    void shouldGiveTheStoredAccountsOfEachDayAndTheLeastThatIsCertainElsewhere() {
        trending("kafka", 9);
        Duration minute = Duration.ofMinutes(1);
        counts("kafka", minute, 3, midnight(0), midnight(2), midnight(6));
        tables.storeDayAuthors("kafka", TODAY, 2);
        tables.storeDayAuthors("kafka", TODAY.minusDays(6), 3);
        tables.storeDayAuthors("kafka", TODAY.minusDays(7), 40);
        tables.storeDayAuthors("other", TODAY.minusDays(2), 40);

        MastodonTrends.Tag tag = mastodon(minute).page(0, 10, TODAY, "").tags().get(0);

        assertThat(accounts(tag)).containsExactly("2", "0", "1", "0", "0", "0", "3");
    }

    @Test
    void shouldPageTheGlobalTrendsInTheDashboardsOrderWithStableIdsAndEncodedUrls() {
        trending("a", 30);
        trending("b", 20);
        trending(HOSTILE, 10);

        MastodonTrends mastodon = mastodon(Duration.ofHours(1));
        MastodonTrends.Page first = mastodon.page(0, 2, TODAY, "https://t.example/dash");
        MastodonTrends.Page last = mastodon.page(2, 2, TODAY, "https://t.example/dash");

        assertThat(first.tags()).extracting(MastodonTrends.Tag::name).containsExactly("a", "b");
        assertThat(first.more()).isTrue();
        assertThat(last.tags()).extracting(MastodonTrends.Tag::name).containsExactly(HOSTILE);
        assertThat(last.more()).isFalse();
        assertThat(last.tags().get(0).url())
            .isEqualTo("https://t.example/dash/?tag=%27%3B+DROP+TABLE+trends%3B+--%3Cb%3E%26x%3D1");
        assertThat(first.tags().get(0).id()).isEqualTo(MastodonTrends.idOf("a"))
            .isEqualTo(mastodon.page(0, 1, TODAY, "").tags().get(0).id());
        assertThat(mastodon.page(3, 2, TODAY, "").tags()).isEmpty();
    }
}
