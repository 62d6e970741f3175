package io.tagpulse.helm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The alert rules as the chart renders them, checked by Prometheus's own {@code promtool} (Debian's
 * {@code prometheus} package; ./test.sh installs it, and without it these tests are skipped, saying so):
 * {@code promtool check rules} on the PrometheusRule's groups, and {@code promtool test rules} with
 * {@code src/test/resources/promtool/tagpulse-alerts-test.yaml}, in which every alert has a series that fires it and
 * one that must not.
 */
class PromtoolRulesTests {

    private static final Path UNIT_TESTS = Path.of("src/test/resources/promtool/tagpulse-alerts-test.yaml");

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
        assumeThat(promtool).as("promtool is not on the PATH (Debian: apt-get install prometheus; ./test.sh "
                + "installs it): the alert rules are not checked").isNotNull();
    }

    @Test
    void shouldPassPromtoolsCheckOfTheRenderedRules(@TempDir Path dir) throws Exception {
        Path rules = renderRules(dir);

        Result check = promtool(dir, "check", "rules", rules.toString());

        int alerts = MonitoringFiles.alerts(MonitoringFiles.alertsFile()).size();
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alerts + " rules found");
    }

    @Test
    void shouldPassEveryAlertsUnitTests(@TempDir Path dir) throws Exception {
        renderRules(dir);
        Files.copy(UNIT_TESTS, dir.resolve("tests.yaml"));

        Result test = promtool(dir, "test", "rules", "tests.yaml");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void shouldFailTheUnitTestsWhenNoAlertFires(@TempDir Path dir) throws Exception {
        // The same groups with every expression replaced by one that is never true: each firing case must fail.
        Map<String, Object> groups = renderedGroups();
        MonitoringFiles.alerts(groups).forEach(alert -> alert.put("expr", "vector(1) == 0"));
        Files.writeString(dir.resolve("rules.yaml"), dump(groups));
        Files.copy(UNIT_TESTS, dir.resolve("tests.yaml"));

        Result test = promtool(dir, "test", "rules", "tests.yaml");

        assertThat(test.exitCode()).as(test.output()).isNotZero();
        for (Map<String, Object> alert : MonitoringFiles.alerts(MonitoringFiles.alertsFile())) {
            assertThat(test.output()).as("a failure for %s", alert.get("alert"))
                .contains("alertname: " + alert.get("alert"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldTestEveryAlertFiringAndNotFiring() throws IOException {
        Map<String, Object> unitTests = new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(UNIT_TESTS));
        Map<String, List<Boolean>> cases = new LinkedHashMap<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) unitTests.get("tests")) {
            for (Map<String, Object> alertTest : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
                    List.of())) {
                boolean fires = !((List<?>) alertTest.getOrDefault("exp_alerts", List.of())).isEmpty();
                cases.computeIfAbsent((String) alertTest.get("alertname"), name -> new ArrayList<>()).add(fires);
            }
        }

        assertThat(unitTests.get("rule_files")).isEqualTo(List.of("rules.yaml"));
        for (Map<String, Object> alert : MonitoringFiles.alerts(MonitoringFiles.alertsFile())) {
            assertThat(cases.get((String) alert.get("alert"))).as("cases of %s (fires?)", alert.get("alert"))
                .contains(true, false);
        }
    }

    /** Writes the rendered PrometheusRule's groups to rules.yaml in the directory, as a Prometheus rules file. */
    private static Path renderRules(Path dir) throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, dump(renderedGroups()));
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> renderedGroups() {
        Chart.Rendered rendered = Chart.render(Map.of("prometheusRule.enabled", true));
        return (Map<String, Object>) rendered.get("PrometheusRule", "tagpulse").content().get("spec");
    }

    private static String dump(Map<String, Object> groups) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(groups);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", arguments) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
