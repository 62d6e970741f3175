package io.tagpulse.counter.trend;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RelatedTagsTests {

    private static final long MINUTE = 60_000;

    @Test
    void theTagsSeenMostWithATagComeFirst() {
        RelatedTags related = new RelatedTags(8, 5 * MINUTE);
        for (int i = 0; i < 30; i++) {
            related.add(1_000L * i, i % 3 == 0 ? List.of("kafka", "streams") : List.of("kafka"));
        }

        List<Map.Entry<String, Double>> top = related.top(30_000, 5);

        assertThat(top).extracting(Map.Entry::getKey).containsExactly("kafka", "streams");
        assertThat(top.get(0).getValue()).isCloseTo(30 * 0.97, within(1.5));
    }

    @Test
    void heavyHittersSurviveALongTailInBoundedSpace() {
        RelatedTags related = new RelatedTags(16, 5 * MINUTE);
        Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            String tail = "tail" + random.nextInt(2_000);
            related.add(i * 10L, i % 4 == 0 ? List.of("heavy", tail) : i % 7 == 0 ? List.of("second", tail)
                    : List.of(tail));
        }

        assertThat(related.top(50_000, 2)).extracting(Map.Entry::getKey).containsExactly("heavy", "second");
        assertThat(related.toBytes().length).isLessThan(16 * 24 + 16);
    }

    @Test
    void oldCompanyFades() {
        RelatedTags related = new RelatedTags(8, MINUTE);
        for (int i = 0; i < 20; i++) {
            related.add(i * 100L, List.of("yesterday"));
        }
        for (int i = 0; i < 5; i++) {
            related.add(10 * MINUTE + i, List.of("today"));
        }

        assertThat(related.top(10 * MINUTE, 1)).extracting(Map.Entry::getKey).containsExactly("today");
    }

    @Test
    void aSavedSummaryAnswersAsTheLiveOne() {
        RelatedTags related = new RelatedTags(4, MINUTE);
        related.add(0, List.of("a", "b"));
        related.add(30_000, List.of("a", "c"));

        RelatedTags restored = RelatedTags.fromBytes(related.toBytes(), 4, MINUTE);

        assertThat(restored.top(40_000, 3)).extracting(Map.Entry::getKey)
            .containsExactlyElementsOf(related.top(40_000, 3).stream().map(Map.Entry::getKey).toList());
    }
}
