package io.tagpulse.benchmarks.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(30)
class ComparisonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String results(String revision, String mode, List<Measurement> rows, List<LoadStep> steps) {
        return new TableOfRecord(new TableOfRecord.Context(revision, Instant.parse("2026-12-07T23:30:00Z"), mode, 2,
                "1.00 1.00 1.00", "2.00 1.50 1.20", List.of("--only", "x")), rows, steps).json();
    }

    /** Each build's stages group and rest group, as the benchmarks command writes them (the others not run). */
    private static Comparison.Build build(String revision, double filter, double coresAtRest, LoadStep step) {
        String stages = results(revision, "full", List.of(Measurement.of(Goals.FILTER, List.of(filter), "2nd half"),
                Measurement.notMeasured(Goals.CORES_AT_REST, "not run (--only)")), List.of());
        String rest = results(revision, "full", List.of(Measurement.notMeasured(Goals.FILTER, "not run (--only)"),
                Measurement.of(Goals.CORES_AT_REST, List.of(coresAtRest), "60 s")), List.of(step));
        return Comparison.Build.merge(List.of(JSON.readTree(stages), JSON.readTree(rest)));
    }

    @Test
    void shouldMergeEachBuildsGroupsAndPrintBeforeAfterAndRatioPerGoal() {
        Comparison comparison = new Comparison(
                build("b9b94f6", 0.40, 0.12, new LoadStep(2_000, 1_990, true, 400L, 934L, 1.2)),
                build("abc1234", 0.48, 0.06, new LoadStep(2_000, 1_995, true, 300L, 800L, 1.0)));

        String markdown = comparison.markdown();

        assertThat(markdown).contains("build abc1234 against build b9b94f6");
        assertThat(markdown.lines().filter(line -> line.startsWith("| ")).toList()).contains(
                "| filter / raw passthrough, records/s (2nd half) | ≥ 0.60 x | 0.40 x | 0.48 x | 1.20 | no | no |",
                "| 2,000 | 1,990, bounded, 934 ms, 1.20 cores | 1,995, bounded, 800 ms, 1.00 cores |");
        assertThat(markdown).containsPattern("\\| whole pipeline CPU at rest[^|]* \\| ≤ 0.05 cores \\| 0.12 cores "
                + "\\| 0.06 cores \\| 0.50 \\| no \\| no \\|");
        assertThat(markdown).contains("- before: stages (b9b94f6): 2026-12-07T23:30:00Z, full run, load average "
                + "1.00 1.00 1.00 → 2.00 1.50 1.20", "- after: rest (abc1234)");
        JsonNode json = JSON.readTree(comparison.json());
        assertThat(json.get("before").asString()).isEqualTo("b9b94f6");
        assertThat(json.get("goals").get(0).get("after").get("value").asDouble()).isEqualTo(0.48);
    }

    @Test
    void shouldShowAGoalOnlyOneBuildMeasuredAsNotMeasuredInTheOther() {
        Comparison.Build before = Comparison.Build.merge(List.of(JSON.readTree(results("old", "full",
                List.of(Measurement.notMeasured(Goals.FIRST_COUNTS, "startup failed: see log")), List.of()))));
        Comparison.Build after = Comparison.Build.merge(List.of(JSON.readTree(results("new", "full",
                List.of(Measurement.of(Goals.FIRST_COUNTS, List.of(38.0, 40.0, 41.0), "3 runs")), List.of()))));

        String markdown = new Comparison(before, after).markdown();

        assertThat(markdown).containsPattern("\\| first counts[^|]* \\| ≤ 30.0 s \\| not measured \\| 40.0 s \\| – "
                + "\\| – \\| no \\|");
    }

    @Test
    void shouldReadEveryResultsFileUnderADirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("stages"));
        Files.writeString(dir.resolve("stages/results.json"), results("new", "quick",
                List.of(Measurement.of(Goals.FILTER, List.of(0.5), "2nd half")), List.of()));

        assertThat(Comparison.Build.read(dir).goals()).containsOnlyKeys("filter-ratio");
        assertThatIllegalArgumentException().isThrownBy(() -> Comparison.Build.read(dir.resolve("stages").resolve(
                "..").resolve("missing"))).withMessageContaining("no results.json");
    }
}
