package io.tagpulse.benchmarks.pipeline;

import java.util.List;

import io.tagpulse.benchmarks.pipeline.StageBenchmark.Result;
import io.tagpulse.benchmarks.pipeline.StageBenchmark.Steady;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StageRatiosTests {

    /** A run of {@code stage} whose second half read {@code records} in {@code seconds}. */
    private static Result result(String stage, int run, long records, double seconds) {
        return new Result(stage, run, records * 2, records * 2, seconds * 3, seconds, null, 0, 0, 1, 1,
                new Steady(records, seconds, seconds));
    }

    @Test
    void shouldTakeEachRunsSecondHalfAgainstItsReferenceOfTheSameRun() {
        List<Result> results = List.of(result("passthrough", 1, 100_000, 1), result("filter", 1, 60_000, 1),
                result("passthrough", 2, 50_000, 1), result("filter", 2, 40_000, 1),
                result("plain-count", 1, 100_000, 2), result("counter", 1, 100_000, 1));

        assertThat(StageBenchmark.steadyRatios(results, "filter")).containsExactly(0.6, 0.8);
        assertThat(StageBenchmark.steadyRatios(results, "counter")).containsExactly(2.0);
        assertThat(StageBenchmark.steadyRatios(results, "passthrough")).isEmpty();
    }

    @Test
    void shouldLeaveOutARunWithoutASecondHalf() {
        List<Result> results = List.of(result("passthrough", 1, 100_000, 1),
                new Result("processor", 1, 10, 10, 1, 1, null, 0, 0, 1, 1, null), result("passthrough", 2, 100_000, 1),
                result("processor", 2, 50_000, 1));

        assertThat(StageBenchmark.steadyRatios(results, "processor")).containsExactly(0.5);
    }
}
