package io.tagpulse.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakChartTests {

    private static Map<String, Double> sample(double minute, double counterLag, double sinkLag, double errors) {
        Map<String, Double> sample = new LinkedHashMap<>();
        sample.put(SoakChart.MINUTE, minute);
        sample.put("counter.lagS", counterLag);
        sample.put("sink.lagS", sinkLag);
        sample.put("counter.lag", 999.0);
        sample.put("kafka.rssMB", 400.0);
        sample.put("counter.rssMB", 300.0);
        sample.put("counter.liveMB", 40.0);
        sample.put("counter.heapMB", 90.0);
        sample.put("databaseMB", 12.0 + minute);
        sample.put("countError.windows", errors);
        sample.put("countError.mentions", errors * 3);
        return sample;
    }

    @Test
    void shouldDrawAPanelPerMeasureWithALinePerProcessAndAMarkPerFault() {
        List<Map<String, Double>> samples = List.of(sample(0.5, 0.2, 0.1, 0), sample(1.0, 40, 0.3, 6),
                sample(1.5, 0.4, 0.2, 0));
        String svg = SoakChart.chart("Soak", samples,
                List.of(new FaultRotation.Fault(1, Duration.ofSeconds(50), "counter"))).render();

        assertThat(svg).contains("data-y-label=\"lag per group (s)\"", "data-y-label=\"RSS per process (MB)\"",
                "data-y-label=\"live heap per app (MB)\"", "data-y-label=\"database size (MB)\"",
                "data-y-label=\"count error (windows differing / mentions off)\"");
        assertThat(svg).contains("data-series=\"counter\"", "data-series=\"sink\"", "data-series=\"kafka\"",
                "data-series=\"sink database\"", "data-series=\"windows differing\"", "data-series=\"mentions off\"");
        // Lags in records and heap in use are in the JSON and CSV, not drawn.
        assertThat(svg).doesNotContain("counter.lag\"").containsOnlyOnce("data-y-label=\"lag");
        assertThat(svg).contains(">1 counter</text>");
        // Five panels: the lag panel's lines are the two groups, each with its three samples.
        assertThat(svg.split("<g class=\"panel\"", -1)).hasSize(6);
        assertThat(svg.split("<polyline", -1)).hasSize(1 + 2 + 2 + 1 + 1 + 2);
    }

    @Test
    void shouldLeaveOutAPanelWithoutSamplesAndGapsWhereASampleLacksAMeasure() {
        Map<String, Double> withoutLags = new LinkedHashMap<>(sample(1.0, 0, 0, 0));
        withoutLags.remove("counter.lagS");
        withoutLags.remove("sink.lagS");
        withoutLags.remove("countError.windows");
        withoutLags.remove("countError.mentions");

        String svg = SoakChart.chart("Soak", List.of(withoutLags), List.of()).render();

        assertThat(svg).doesNotContain("data-y-label=\"lag per group (s)\"", "count error")
            .contains("data-y-label=\"database size (MB)\"");
    }
}
