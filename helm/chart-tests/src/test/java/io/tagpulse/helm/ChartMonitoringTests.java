package io.tagpulse.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

/**
 * The operators' monitoring the chart ships: the Grafana dashboard in a ConfigMap the Grafana sidecar picks up and
 * the PrometheusRule with the alerts, each only when asked, both from the chart's files as they are; and every app's
 * metrics tagged with its pod's name.
 */
class ChartMonitoringTests {

    private static final List<String> APPS = List.of("source", "filter", "processor", "counter", "sink", "dashboard");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRenderNeitherTheDashboardNorTheRulesUnlessAsked() {
        Chart.Rendered defaults = Chart.renderDefaults();

        assertThat(defaults.has("ConfigMap", "tagpulse-grafana-dashboard")).isFalse();
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void shouldShipTheDashboardInAConfigMapTheGrafanaSidecarPicksUp() throws IOException {
        Chart.Rendered rendered = Chart.render(Map.of("grafanaDashboard.enabled", true,
                "grafanaDashboard.annotations.grafana_folder", "Tagpulse"));

        V1ConfigMap configMap = (V1ConfigMap) KubernetesObjects.check(
                rendered.get("ConfigMap", "tagpulse-grafana-dashboard"));
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
            .containsEntry("app.kubernetes.io/instance", "tagpulse");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Tagpulse");
        String json = configMap.getData().get("tagpulse.json");
        assertThat(json).isEqualTo(Files.readString(MonitoringFiles.DASHBOARD).strip());

        JsonNode dashboard = JSON.readTree(json);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list")).as("the dashboard's variables")
            .anySatisfy(variable -> {
                assertThat(variable.path("name").asText()).isEqualTo("datasource");
                assertThat(variable.path("query").asText()).isEqualTo("prometheus");
            });
        assertThat(dashboard.path("panels")).as("panels").isNotEmpty().allSatisfy(panel -> {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title)
                .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty()
                .allSatisfy(target -> assertThat(target.path("expr").asText()).as(title).isNotBlank());
        });
    }

    @Test
    void shouldLabelTheDashboardForAnotherSidecarSelector() {
        Chart.Rendered rendered = Chart.render(Map.of("grafanaDashboard.enabled", true,
                "grafanaDashboard.labels.team-dashboard", "trends"));

        assertThat(rendered.get("ConfigMap", "tagpulse-grafana-dashboard").metadata())
            .extracting(metadata -> metadata.get("labels")).asInstanceOf(
                    map(String.class, String.class))
            .containsEntry("team-dashboard", "trends").containsEntry("grafana_dashboard", "1");
    }

    @Test
    void shouldRenderTheAlertsFileAsAPrometheusRuleWithTheAlertLabels() throws IOException {
        Chart.Rendered rendered = Chart.render(Map.of("prometheusRule.enabled", true,
                "prometheusRule.labels.release", "prometheus", "prometheusRule.alertLabels.team", "trends"));

        RenderedObject rule = rendered.get("PrometheusRule", "tagpulse");
        KubernetesObjects.check(rule);
        assertThat(rule.metadata().get("labels")).asInstanceOf(
                map(String.class, String.class))
            .containsEntry("release", "prometheus");
        List<Map<String, Object>> renderedAlerts = MonitoringFiles.alerts(rule.content().get("spec"));
        List<Map<String, Object>> fileAlerts = MonitoringFiles.alerts(MonitoringFiles.alertsFile());
        assertThat(renderedAlerts).hasSameSizeAs(fileAlerts);
        for (int i = 0; i < fileAlerts.size(); i++) {
            Map<String, Object> expected = fileAlerts.get(i);
            Map<String, Object> actual = renderedAlerts.get(i);
            assertThat(actual.get("alert")).isEqualTo(expected.get("alert"));
            assertThat(String.valueOf(actual.get("expr")).strip())
                .isEqualTo(String.valueOf(expected.get("expr")).strip());
            assertThat(actual.get("for")).isEqualTo(expected.get("for"));
            assertThat(actual.get("annotations")).isEqualTo(expected.get("annotations"));
            assertThat(actual.get("labels")).as("labels of %s", expected.get("alert")).asInstanceOf(
                    map(String.class, Object.class))
                .containsAllEntriesOf(MonitoringFiles.labels(expected)).containsEntry("team", "trends");
        }
    }

    @Test
    void shouldGiveEveryAlertASeverityASummaryAndADescription() throws IOException {
        assertThat(MonitoringFiles.alerts(MonitoringFiles.alertsFile())).isNotEmpty().allSatisfy(alert -> {
            assertThat(MonitoringFiles.labels(alert)).as("labels of %s", alert.get("alert")).containsKey("severity");
            assertThat(alert.get("annotations")).as("annotations of %s", alert.get("alert"))
                .asInstanceOf(map(String.class, String.class))
                .containsKeys("summary", "description");
        });
    }

    @Test
    void shouldTagEveryAppsMetricsWithItsPodName() {
        Chart.Rendered rendered = Chart.renderDefaults();

        for (String app : APPS) {
            V1Deployment deployment = (V1Deployment) KubernetesObjects.check(
                    rendered.get("Deployment", "tagpulse-" + app));
            V1Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnv()).as(app).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("MANAGEMENT_METRICS_TAGS_INSTANCE_INDEX");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
        }
    }
}
