package io.tagpulse.source.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import io.tagpulse.contracts.TrendScope;
import org.junit.jupiter.api.Test;

import static io.tagpulse.source.generator.PostGeneratorTests.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SurgeScheduleTests {

    private static final Instant HOUR_LATER = START.plus(Duration.ofHours(1));

    private static List<Surge> ofKind(List<Surge> events, Surge.Kind... kinds) {
        return events.stream().filter(event -> List.of(kinds).contains(event.kind())).toList();
    }

    @Test
    void shouldBeTheSameForTheSameSeedAndStartAndDifferForAnotherSeed() {
        GeneratorProperties settings = new GeneratorProperties();

        List<Surge> plan = new SurgeSchedule(settings, 11, START).between(START, HOUR_LATER);
        assertThat(new SurgeSchedule(settings, 11, START).between(START, HOUR_LATER)).isEqualTo(plan);
        assertThat(new SurgeSchedule(settings, 12, START).between(START, HOUR_LATER)).isNotEqualTo(plan);
        // Asking for a later range alone computes the same events.
        Instant half = START.plus(Duration.ofMinutes(30));
        assertThat(new SurgeSchedule(settings, 11, START).between(half, HOUR_LATER))
            .isEqualTo(plan.stream().filter(event -> event.end().isAfter(half)).toList());
    }

    @Test
    void shouldTimeSurgesByTheDefaultsAndCycleThroughTheirKindsAndScopes() {
        GeneratorProperties settings = new GeneratorProperties();
        List<Surge> surges = ofKind(new SurgeSchedule(settings, 21, START).between(START, START.plus(Duration.ofMinutes(57))),
                Surge.Kind.SURGE, Surge.Kind.NEW_TAG);

        // From 17 min on, every 5 min: 17, 22, ..., 52; each ramps 1 min and decays 3 min.
        assertThat(surges).hasSize(8);
        IntStream.range(0, surges.size()).forEach(i -> {
            Surge surge = surges.get(i);
            assertThat(surge.start()).isEqualTo(START.plus(Duration.ofMinutes(17 + 5L * i)));
            assertThat(surge.peak()).isEqualTo(surge.start().plus(Duration.ofMinutes(1)));
            assertThat(surge.end()).isEqualTo(surge.peak().plus(Duration.ofMinutes(3)));
            assertThat(surge.shouldTrend()).isTrue();
            assertThat(surge.peakShare()).isEqualTo(0.03);
            assertThat(surge.companions()).hasSize(2).doesNotContain(surge.tag());
            assertThat(surge.author()).isNull();
        });
        assertThat(surges).extracting(Surge::kind).containsExactly(Surge.Kind.SURGE, Surge.Kind.NEW_TAG,
                Surge.Kind.SURGE, Surge.Kind.SURGE, Surge.Kind.SURGE, Surge.Kind.NEW_TAG, Surge.Kind.SURGE,
                Surge.Kind.SURGE);
        assertThat(surges).extracting(surge -> surge.scope().kind()).containsExactly("global", "global", "language",
                "platform", "global", "global", "language", "platform");
        // Scoped surges are in a language or platform other than the most common one, where they stand out.
        assertThat(surges).extracting(Surge::scope).doesNotContain(TrendScope.language("en"),
                TrendScope.platform("bluesky"));
        // Existing tags are mid-rank ones (ranks 20 to 200); new tags are none of the vocabulary's.
        List<String> midRank = IntStream.rangeClosed(20, 200).mapToObj(PostGenerator::tagOfRank).toList();
        List<String> vocabulary = IntStream.range(0, 2000).mapToObj(PostGenerator::tagOfRank).toList();
        surges.forEach(surge -> {
            if (surge.kind() == Surge.Kind.NEW_TAG) {
                assertThat(vocabulary).doesNotContain(surge.tag());
            }
            else {
                assertThat(midRank).contains(surge.tag());
            }
        });
    }

    @Test
    void shouldPlanSpamFloodsByOneAuthorAndTheHeadTagsSlowRiseNeitherToTrend() {
        GeneratorProperties settings = new GeneratorProperties();
        List<Surge> events = new SurgeSchedule(settings, 31, START).between(START, HOUR_LATER);

        List<Surge> floods = ofKind(events, Surge.Kind.SPAM);
        assertThat(floods).extracting(Surge::start).containsExactly(START.plus(Duration.ofMinutes(19)),
                START.plus(Duration.ofMinutes(29)), START.plus(Duration.ofMinutes(39)),
                START.plus(Duration.ofMinutes(49)), START.plus(Duration.ofMinutes(59)));
        floods.forEach(flood -> {
            assertThat(flood.end()).isEqualTo(flood.start().plus(Duration.ofMinutes(3)));
            assertThat(flood.author()).startsWith("spambot");
            assertThat(flood.shouldTrend()).isFalse();
            assertThat(flood.intensityAt(flood.start())).isEqualTo(1);
            assertThat(flood.intensityAt(flood.end().minusMillis(1))).isEqualTo(1);
        });
        assertThat(floods).extracting(Surge::author).doesNotHaveDuplicates();

        assertThat(ofKind(events, Surge.Kind.SLOW_RISE)).singleElement().satisfies(rise -> {
            assertThat(rise.tag()).isEqualTo(PostGenerator.tagOfRank(0));
            assertThat(rise.start()).isEqualTo(START);
            assertThat(rise.peak()).isEqualTo(HOUR_LATER);
            assertThat(rise.end()).isEqualTo(START.plus(Duration.ofHours(2)));
            assertThat(rise.peakShare()).isEqualTo(0.3);
            assertThat(rise.shouldTrend()).isFalse();
        });
        assertThat(events).isSortedAccordingTo(java.util.Comparator.comparing(Surge::start));
    }

    @Test
    void shouldShapeAnEventFromNothingToItsPeakAndBack() {
        Surge surge = new Surge(Surge.Kind.SURGE, "t", TrendScope.GLOBAL_SCOPE, START, START.plusSeconds(60),
                START.plusSeconds(240), 0.03, List.of(), null);

        assertThat(surge.intensityAt(START.minusMillis(1))).isZero();
        assertThat(surge.intensityAt(START)).isZero();
        assertThat(surge.intensityAt(START.plusSeconds(30))).isEqualTo(0.5);
        assertThat(surge.intensityAt(START.plusSeconds(60))).isEqualTo(1);
        assertThat(surge.intensityAt(START.plusSeconds(150))).isEqualTo(0.5);
        assertThat(surge.intensityAt(START.plusSeconds(240))).isZero();
        assertThat(surge.describe()).contains("SURGE #t in global from 2026-05-01T10:00:00Z", "should trend");
    }

    @Test
    void shouldListOnlyEventsOverlappingTheRange() {
        GeneratorProperties settings = new GeneratorProperties();
        SurgeSchedule schedule = new SurgeSchedule(settings, 41, START);
        Instant inFirstSurge = START.plus(Duration.ofMinutes(20));

        // 17-21 min: the first surge; 19-22 min: the first flood; the slow rise all along.
        assertThat(schedule.activeAt(inFirstSurge)).extracting(Surge::kind)
            .containsExactly(Surge.Kind.SLOW_RISE, Surge.Kind.SURGE, Surge.Kind.SPAM);
        assertThat(schedule.activeAt(START.plus(Duration.ofMinutes(21)))).extracting(Surge::kind)
            .containsExactly(Surge.Kind.SLOW_RISE, Surge.Kind.SPAM);
        assertThat(schedule.between(START, START.plus(Duration.ofMinutes(17)))).extracting(Surge::kind)
            .containsExactly(Surge.Kind.SLOW_RISE);
    }

    @Test
    void shouldPlanNothingThatIsDisabled() {
        GeneratorProperties settings = PostGeneratorTests.quiet();

        assertThat(new SurgeSchedule(settings, 1, START).between(START, START.plus(Duration.ofDays(1)))).isEmpty();
        settings.setSurges(List.of("global"));
        settings.setSurgePeakShare(0);
        assertThat(new SurgeSchedule(settings, 1, START).between(START, START.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void shouldReadWeightedMixesAndRejectBadOnes() {
        WeightedChoice mix = WeightedChoice.parse(List.of("en:3", "ja"));

        assertThat(mix.names()).containsExactly("en", "ja");
        assertThat(mix.share("en")).isEqualTo(0.75);
        assertThat(mix.mostCommon()).isEqualTo("en");
        assertThat(mix.pick(0.74)).isEqualTo("en");
        assertThat(mix.pick(0.75)).isEqualTo("ja");
        assertThatThrownBy(() -> WeightedChoice.parse(List.of("en:0"))).hasMessageContaining("positive weight");
        assertThatThrownBy(() -> WeightedChoice.parse(List.of("en", "en:2"))).hasMessageContaining("a name of its own");
        assertThatThrownBy(() -> WeightedChoice.parse(List.of())).hasMessageContaining("at least one");
    }
}
