package io.tagpulse.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart lints in strict mode, and renders with its default values and with every ci/*-values.yaml into objects
 * that are all valid Kubernetes (or known custom) objects.
 */
class ChartRenderingTests {

    @Test
    void shouldLintInStrictModeWithoutAMessage() {
        LintResult result = Chart.lintStrict();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("strict lint messages")
                .allSatisfy(message -> assertThat(message).doesNotContainIgnoringCase("[WARNING]")
                        .doesNotContainIgnoringCase("[ERROR]"));
    }

    static Stream<Arguments> valuesVariants() {
        List<Arguments> variants = new ArrayList<>();
        variants.add(Arguments.of("default values", List.of()));
        Chart.ciValuesFiles().forEach(file -> variants.add(Arguments.of(file.getFileName().toString(), List.of(file))));
        return variants.stream();
    }

    @Test
    void shouldHaveTheThreeCiVariants() {
        assertThat(Chart.ciValuesFiles()).extracting(file -> file.getFileName().toString())
                .contains("minimal-values.yaml", "full-values.yaml", "dataflow-values.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesVariants")
    void shouldRenderOnlyValidKubernetesObjects(String variant, List<Path> valuesFiles) {
        Chart.Rendered rendered = Chart.render(valuesFiles, java.util.Map.of());

        assertThat(rendered.objects()).as("objects rendered for %s", variant).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (RenderedObject object : rendered.objects()) {
            try {
                KubernetesObjects.check(object);
            }
            catch (AssertionError problem) {
                problems.add(problem.getMessage());
            }
        }
        assertThat(problems).as("invalid objects for %s", variant).isEmpty();
    }

    @Test
    void shouldRenderEveryKindTheChartDefinesInSomeVariant() {
        Set<String> kinds = new TreeSet<>();
        kinds.addAll(Chart.renderDefaults().objects().stream().map(RenderedObject::kind).toList());
        Chart.ciValuesFiles().forEach(file ->
                kinds.addAll(Chart.render(file).objects().stream().map(RenderedObject::kind).toList()));

        // Each kind below is then checked by shouldRenderOnlyValidKubernetesObjects: none escapes the checks unseen.
        assertThat(kinds).containsExactlyInAnyOrder("ConfigMap", "Deployment", "StatefulSet", "Service", "Ingress",
                "HorizontalPodAutoscaler", "ScaledObject", "TriggerAuthentication", "PodDisruptionBudget",
                "NetworkPolicy", "ServiceMonitor", "PrometheusRule", "Secret", "Job", "Pod");
    }
}
