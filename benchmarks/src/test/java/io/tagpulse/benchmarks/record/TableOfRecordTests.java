package io.tagpulse.benchmarks.record;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TableOfRecordTests {

    private static final TableOfRecord.Context CONTEXT = new TableOfRecord.Context("abc1234", Instant.parse(
            "2026-12-07T05:30:00Z"), "quick", 2, "3.10 4.00 5.00", "6.20 5.00 5.10", List.of("--quick"));

    private static final TableOfRecord TABLE = new TableOfRecord(CONTEXT, List.of(
            Measurement.of(Goals.PIPELINE_MAX, List.of(8_000.0), "ramp"),
            Measurement.of(Goals.FILTER, List.of(0.71, 0.65, 0.58), "3 runs | 2nd half"),
            Measurement.notMeasured(Goals.FIRST_COUNTS, "not run (--only)")),
            List.of(new LoadStep(4_000, 3_990.5, true, 400L, 900L, 1.1),
                    new LoadStep(8_000, 6_500, false, null, null, 1.9)));

    @Test
    void shouldPrintOneRowPerGoalWithValueTargetAndVerdict() {
        String markdown = TABLE.markdown();

        assertThat(markdown).contains("build abc1234", "2026-12-07T05:30:00Z", "quick run", "2 cores",
                "load average 3.10 4.00 5.00 → 6.20 5.00 5.10");
        assertThat(markdown.lines().filter(line -> line.startsWith("| ")).toList()).containsExactly(
                "| Goal | Measured | Target | Pass | Runs | How |",
                "| pipeline posts/s, highest bounded rate (1–4 tags a post) | 8,000 posts/s | ≥ 25,000 posts/s | no | "
                        + "8,000 | ramp |",
                "| filter / raw passthrough, records/s (2nd half) | 0.65 x | ≥ 0.60 x | yes | 0.71, 0.65, 0.58 | "
                        + "3 runs \\| 2nd half |",
                "| first counts after ./run-local.sh --no-build | not measured | ≤ 30.0 s | – |  | not run (--only) |");
        assertThat(markdown).contains("1 of 2 measured goals met");
    }

    @Test
    void shouldWriteEveryValueWithUnitGoalPassAndRunsAsJson() {
        JsonNode json = JsonMapper.builder().build().readTree(TABLE.json());

        assertThat(json.get("revision").asString()).isEqualTo("abc1234");
        assertThat(json.get("date").asString()).isEqualTo("2026-12-07T05:30:00Z");
        assertThat(json.get("loadAverage").get("before").asString()).isEqualTo("3.10 4.00 5.00");
        assertThat(json.get("loadAverage").get("after").asString()).isEqualTo("6.20 5.00 5.10");
        JsonNode filter = json.get("goals").get(1);
        assertThat(filter.get("id").asString()).isEqualTo("filter-ratio");
        assertThat(filter.get("value").asDouble()).isEqualTo(0.65);
        assertThat(filter.get("unit").asString()).isEqualTo("x");
        assertThat(filter.get("goal").get("bound").asString()).isEqualTo("≥");
        assertThat(filter.get("goal").get("target").asDouble()).isEqualTo(0.6);
        assertThat(filter.get("pass").asBoolean()).isTrue();
        assertThat(filter.get("runs")).extracting(JsonNode::asDouble).containsExactly(0.71, 0.65, 0.58);
        assertThat(json.get("goals").get(0).get("pass").asBoolean()).isFalse();
        JsonNode notRun = json.get("goals").get(2);
        assertThat(notRun.get("value").isNull()).isTrue();
        assertThat(notRun.get("pass").isNull()).isTrue();
        JsonNode steps = json.get("pipelineSteps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("p99Ms").asLong()).isEqualTo(900);
        assertThat(steps.get(1).get("bounded").asBoolean()).isFalse();
        assertThat(steps.get(1).get("p99Ms").isNull()).isTrue();
    }
}
