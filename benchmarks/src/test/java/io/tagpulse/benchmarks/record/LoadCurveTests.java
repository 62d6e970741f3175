package io.tagpulse.benchmarks.record;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadCurveTests {

    private static LoadStep step(int offered, boolean bounded, Long p99) {
        return new LoadStep(offered, offered * 0.99, bounded, p99 == null ? null : p99 / 2, p99, 1.0);
    }

    @Test
    void shouldTakeTheHighestRateBelowTheFirstUnboundedStep() {
        List<LoadStep> steps = List.of(step(6_000, true, 900L), step(2_000, true, 400L), step(8_000, false, 9_000L),
                step(10_000, true, 800L), step(4_000, true, 500L));

        assertThat(LoadCurve.maxBounded(steps)).hasValue(6_000);
        assertThat(LoadCurve.half(6_000)).isEqualTo(3_000);
        assertThat(LoadCurve.maxBounded(List.of(step(2_000, false, null)))).isEmpty();
        assertThat(LoadCurve.maxBounded(List.of())).isEmpty();
    }

    @Test
    void shouldPlotThroughputAndP99AgainstOfferedLoadInTwoPanels() {
        List<LoadStep> steps = List.of(step(2_000, true, 400L), step(4_000, true, 700L), step(8_000, false, null));

        String svg = LoadCurve.chart(steps, "test run").render();

        assertThat(svg).contains("data-y-label=\"throughput (posts/s)\"",
                "data-y-label=\"delay window end → database (ms)\"", "offered load (posts/s)", "highest bounded 4,000");
        assertThat(points(svg, "achieved")).isEqualTo(3);
        assertThat(points(svg, "offered")).isEqualTo(3);
        // The unbounded step read no windows: no p99 point for it.
        assertThat(points(svg, "p99")).isEqualTo(2);
    }

    @Test
    void shouldStillDrawAChartWhenNoStepReadAWindow() {
        String svg = LoadCurve.chart(List.of(step(2_000, false, null)), "nothing bounded").render();

        assertThat(points(svg, "achieved")).isEqualTo(1);
        assertThat(svg).contains("p99 (no windows read)").doesNotContain("highest bounded");
    }

    private static int points(String svg, String series) {
        Matcher matcher = Pattern.compile("data-series=\"" + Pattern.quote(series) + "\"[^>]*points=\"([^\"]*)\"")
            .matcher(svg);
        assertThat(matcher.find()).as("series %s drawn", series).isTrue();
        String points = matcher.group(1).strip();
        return points.isEmpty() ? 0 : points.split(" ").length;
    }
}
