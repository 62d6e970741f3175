package io.tagpulse.counter.trend;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    @Test
    void countsStayRightAcrossManyHalfLivesAndARestoreInBetween() {
        RelatedTags live = new RelatedTags(4, MINUTE);
        RelatedTags restored = new RelatedTags(4, MINUTE);
        for (int minute = 0; minute < 200; minute++) { // past several renormalizations
            live.add(minute * MINUTE, List.of("steady"));
            restored.add(minute * MINUTE, List.of("steady"));
            restored = RelatedTags.fromBytes(restored.toBytes(), 4, MINUTE);
        }

        // One mention a minute with a one-minute half-life: 1 + 1/2 + 1/4 + ... tends to 2.
        assertThat(live.top(199 * MINUTE, 1).get(0).getValue()).isCloseTo(2.0, within(1e-9));
        assertThat(restored.top(199 * MINUTE, 1)).isEqualTo(live.top(199 * MINUTE, 1));
        assertThat(live.top(230 * MINUTE, 1)).isEmpty();
        assertThat(live.isEmpty(230 * MINUTE)).isTrue();
    }

    @Test
    void aSummaryInTheOlderFormReadsAsItsCountsAtItsTime() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) { // as the release before forward decay wrote it
            out.writeLong(30_000);
            out.writeInt(2);
            out.writeUTF("a");
            out.writeFloat(3f);
            out.writeUTF("b");
            out.writeFloat(1.5f);
        }

        RelatedTags older = RelatedTags.fromBytes(bytes.toByteArray(), 4, MINUTE);

        assertThat(older.top(30_000 + MINUTE, 2)).containsExactly(Map.entry("a", 1.5), Map.entry("b", 0.75));
    }
}
