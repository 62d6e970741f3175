package io.tagpulse.dashboard;

import java.time.Instant;

import io.tagpulse.contracts.HashtagCount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountCoalescerTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final CountCoalescer coalescer = new CountCoalescer(1000);

    private static HashtagCount count(String tag, int second, long count) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    @Test
    void shouldKeepTheLatestCountOfEachTagWindowMostMentionsFirst() {
        coalescer.add(count("kafka", 0, 2));
        coalescer.add(count("kafka", 0, 5));
        coalescer.add(count("kafka", 1, 1));
        coalescer.add(new HashtagCount("java", T0, T0.plusSeconds(1), 3, "Java"));

        CountCoalescer.Update update = coalescer.drain(10);

        assertThat(update.updates()).containsExactly(
                new CountCoalescer.Change("kafka", "kafka", T0, T0.plusSeconds(1), 5),
                new CountCoalescer.Change("java", "Java", T0, T0.plusSeconds(1), 3),
                new CountCoalescer.Change("kafka", "kafka", T0.plusSeconds(1), T0.plusSeconds(2), 1));
        assertThat(update.omitted()).isZero();
        assertThat(update.newestWindowEnd()).isEqualTo(T0.plusSeconds(2));
        assertThat(coalescer.received()).isEqualTo(4);
    }

    @Test
    void shouldIgnoreCountsOfOtherWindowSizes() {
        coalescer.add(new HashtagCount("kafka", T0, T0.plusSeconds(60), 100));

        assertThat(coalescer.drain(10).isEmpty()).isTrue();
    }

    @Test
    void shouldCapAnUpdateAndSayHowManyChangesItOmitted() {
        for (int i = 0; i < 10; i++) {
            coalescer.add(count("tag" + i, 0, i + 1));
        }

        CountCoalescer.Update update = coalescer.drain(3);

        assertThat(update.updates()).extracting(CountCoalescer.Change::tag).containsExactly("tag9", "tag8", "tag7");
        assertThat(update.omitted()).isEqualTo(7);
    }

    @Test
    void shouldStartEmptyAgainAfterADrain() {
        coalescer.add(count("kafka", 0, 1));
        coalescer.drain(10);

        CountCoalescer.Update update = coalescer.drain(10);

        assertThat(update.isEmpty()).isTrue();
        assertThat(update.newestWindowEnd()).isNull();
    }
}
