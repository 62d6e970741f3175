package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.DayAuthors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DailyAuthorsTests {

    private static final long DAY = DayAuthors.DAY_MILLIS;

    private static final long D0 = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();

    private static DayAuthors day(long start, long authors) {
        return new DayAuthors(Instant.ofEpochMilli(start), authors);
    }

    @Test
    void shouldCountEachDaysAuthorsOnceNewestFirstAndNothingAheadOfNow() {
        DailyAuthors daily = new DailyAuthors();
        daily.add(D0 - 1, "ann");
        daily.add(D0 - 2, "ann");
        daily.add(D0, "ann");
        daily.add(D0 + 5, "bob");
        daily.add(D0 + DAY, "carl"); // ahead of the clock

        assertThat(daily.upTo(D0 + 10)).containsExactly(day(D0, 2), day(D0 - DAY, 1));
        assertThat(daily.upTo(D0 + DAY)).containsExactly(day(D0 + DAY, 1), day(D0, 2), day(D0 - DAY, 1));
    }

    @Test
    void shouldKeepAWeekAndDropOlderDaysAndLateMentionsOfThem() {
        DailyAuthors daily = new DailyAuthors();
        for (int d = 0; d < 10; d++) {
            daily.add(D0 + d * DAY, "a" + d);
        }
        daily.add(D0 + 2 * DAY, "late"); // a week before the newest day: kept nowhere
        daily.add(D0 + 3 * DAY, "late");

        assertThat(daily.upTo(D0 + 9 * DAY)).extracting(DayAuthors::day)
            .containsExactly(Instant.ofEpochMilli(D0 + 9 * DAY), Instant.ofEpochMilli(D0 + 8 * DAY),
                    Instant.ofEpochMilli(D0 + 7 * DAY), Instant.ofEpochMilli(D0 + 6 * DAY),
                    Instant.ofEpochMilli(D0 + 5 * DAY), Instant.ofEpochMilli(D0 + 4 * DAY),
                    Instant.ofEpochMilli(D0 + 3 * DAY));
        assertThat(daily.upTo(D0 + 9 * DAY).get(6).authors()).isEqualTo(2);
        // Eleven days on, a week of silence: nothing is left to show.
        assertThat(daily.upTo(D0 + 17 * DAY)).isEmpty();
    }

    @Test
    void shouldKeepTheDaysThroughTheActivitysBytesOnlyWhereAsked() {
        TrendRules rules = TrendRules.defaults();
        TagActivity global = new TagActivity(rules, true);
        TagActivity language = new TagActivity(rules, false);
        for (int i = 0; i < 40; i++) {
            global.add(D0 + i * 1_000L, "author" + i % 12);
            language.add(D0 + i * 1_000L, "author" + i % 12);
        }

        assertThat(TagActivity.fromBytes(global.toBytes(), rules, true).authorsByDay(D0 + 60_000))
            .containsExactly(day(D0, 12));
        assertThat(language.authorsByDay(D0 + 60_000)).isEmpty();
        // An activity written without days (an older release) starts keeping them; its other figures stay.
        TagActivity upgraded = TagActivity.fromBytes(language.toBytes(), rules, true);
        assertThat(upgraded.authorsByDay(D0 + 60_000)).isEmpty();
        upgraded.add(D0 + 50_000, "new");
        assertThat(upgraded.authorsByDay(D0 + 60_000)).containsExactly(day(D0, 1));
        assertThat(upgraded.recentMentions()).isEqualTo(41);
        assertThat(TagActivity.isIdle(global.toBytes(), rules, D0 + 60_000)).isFalse();
    }
}
