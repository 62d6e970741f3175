package io.tagpulse.benchmarks.record;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoalsTests {

    @Test
    void shouldListOneRowPerGoalOfIssue20InTheTablesOrder() {
        assertThat(Goals.all()).extracting(Goal::id).containsExactly("pipeline-max-bounded", "pipeline-p99-at-half",
                "filter-ratio", "processor-ratio", "counter-ratio", "cores-at-200", "cores-at-rest", "rss-source",
                "rss-filter", "rss-processor", "rss-counter", "rss-sink", "rss-dashboard", "first-counts");
        assertThat(Goals.all()).extracting(Goal::targetText).containsExactly("≥ 25,000 posts/s", "< 1,000 ms",
                "≥ 0.60 x", "≥ 0.60 x", "≥ 1.00 x", "≤ 0.15 cores", "≤ 0.05 cores", "< 300 MB", "< 300 MB",
                "< 300 MB", "< 300 MB", "< 300 MB", "< 300 MB", "≤ 30.0 s");
    }

    @Test
    void shouldHoldEachBoundAtItsEdge() {
        assertThat(Goals.PIPELINE_MAX.passes(25_000)).isTrue();
        assertThat(Goals.PIPELINE_MAX.passes(24_999)).isFalse();
        assertThat(Goals.PIPELINE_P99.passes(999)).isTrue();
        assertThat(Goals.PIPELINE_P99.passes(1_000)).isFalse();
        assertThat(Goals.CORES_AT_RATE.passes(0.15)).isTrue();
        assertThat(Goals.CORES_AT_RATE.passes(0.151)).isFalse();
        assertThat(Goals.FIRST_COUNTS.passes(Double.NaN)).isFalse();
    }

    @Test
    void shouldSelectTheGoalsOfTheGroupsNamedByOnly() {
        Set<String> groups = Goals.parseGroups("stages, startup");

        assertThat(Goals.of(groups)).extracting(Goal::id)
            .containsExactly("filter-ratio", "processor-ratio", "counter-ratio", "first-counts");
        assertThat(Goals.of(Set.copyOf(Goals.GROUPS))).isEqualTo(Goals.all());
    }

    @Test
    void shouldRejectAGroupItDoesNotKnowNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Goals.parseGroups("stages,pipelines"))
            .withMessageContaining("'pipelines'")
            .withMessageContaining("stages,rest,pipeline,startup");
        assertThatIllegalArgumentException().isThrownBy(() -> Goals.rss("kafka"));
    }

    @Test
    void shouldJudgeTheMedianOfTheRunsNotTheBestRun() {
        Measurement counter = Measurement.of(Goals.COUNTER, List.of(1.3, 0.8, 0.9), "3 runs");
        Measurement evenRuns = Measurement.of(Goals.CORES_AT_REST, List.of(0.02, 0.04, 0.06, 0.10), "4 runs");

        assertThat(counter.value()).hasValue(0.9);
        assertThat(counter.verdict()).isEqualTo(Measurement.Verdict.FAIL);
        assertThat(evenRuns.value()).hasValue(0.05);
        assertThat(evenRuns.verdict()).isEqualTo(Measurement.Verdict.PASS);
        assertThat(Measurement.notMeasured(Goals.FILTER, "not run").verdict())
            .isEqualTo(Measurement.Verdict.NOT_MEASURED);
    }
}
