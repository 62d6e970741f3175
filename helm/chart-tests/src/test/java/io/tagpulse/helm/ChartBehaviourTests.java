package io.tagpulse.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the rendered objects do for given values: replicas, scaling, config roll-outs, security, rejected values. */
class ChartBehaviourTests {

    private static final List<String> APPS = List.of("source", "filter", "processor", "counter", "sink", "dashboard");

    private static <T> T typed(RenderedObject object, Class<T> type) {
        return type.cast(KubernetesObjects.check(object));
    }

    private static V1Deployment deployment(Chart.Rendered rendered, String app) {
        return typed(rendered.get("Deployment", "tagpulse-" + app), V1Deployment.class);
    }

    @Test
    void shouldRunEachAppWithTheReplicasOfItsOwnBlock() {
        Chart.Rendered rendered = Chart.render(Map.of("source.replicaCount", 2, "filter.replicaCount", 3,
                "processor.replicaCount", 4, "counter.replicaCount", 6, "sink.replicaCount", 1,
                "dashboard.replicaCount", 3));

        assertThat(deployment(rendered, "source").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment(rendered, "filter").getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment(rendered, "processor").getSpec().getReplicas()).isEqualTo(4);
        assertThat(deployment(rendered, "counter").getSpec().getReplicas()).isEqualTo(6);
        assertThat(deployment(rendered, "sink").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment(rendered, "dashboard").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void shouldRenderNoAutoscalerUnlessAsked() {
        Chart.Rendered rendered = Chart.renderDefaults();

        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(rendered.ofKind("ScaledObject")).isEmpty();
        assertThat(rendered.ofKind("TriggerAuthentication")).isEmpty();
    }

    @Test
    void shouldScaleOnCpuWithAnHpaOnlyForTheAppThatAsks() {
        Chart.Rendered rendered = Chart.render(Map.of("processor.autoscaling.enabled", true,
                "processor.autoscaling.minReplicas", 2, "processor.autoscaling.maxReplicas", 8));

        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).extracting(RenderedObject::name)
                .containsExactly("tagpulse-processor");
        V2HorizontalPodAutoscaler hpa = typed(rendered.get("HorizontalPodAutoscaler", "tagpulse-processor"),
                V2HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("tagpulse-processor");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        // The HPA owns the replica count: the Deployment leaves it alone.
        assertThat(deployment(rendered, "processor").getSpec().getReplicas()).isNull();
        assertThat(deployment(rendered, "sink").getSpec().getReplicas()).isEqualTo(1);
        assertThat(rendered.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void shouldScaleOnConsumerLagWithKedaCappedAtThePartitionCount() {
        Chart.Rendered rendered = Chart.render(Map.of("topics.partitions", 6, "counter.autoscaling.enabled", true,
                "counter.autoscaling.maxReplicas", 6, "counter.autoscaling.kafkaLag.enabled", true,
                "counter.autoscaling.kafkaLag.lagThreshold", 2500));

        RenderedObject scaled = rendered.get("ScaledObject", "tagpulse-counter");
        assertThat(scaled.at("spec", "scaleTargetRef", "name")).isEqualTo("tagpulse-counter");
        assertThat(scaled.at("spec", "maxReplicaCount")).isEqualTo(6);
        assertThat(scaled.at("spec", "triggers", 0, "type")).isEqualTo("kafka");
        assertThat(scaled.at("spec", "triggers", 0, "metadata", "consumerGroup")).isEqualTo("tagpulse-counter");
        assertThat(scaled.at("spec", "triggers", 0, "metadata", "topic")).isEqualTo("tagpulse.hashtags");
        assertThat(scaled.at("spec", "triggers", 0, "metadata", "lagThreshold")).isEqualTo("2500");
        assertThat(scaled.at("spec", "triggers", 0, "metadata", "allowIdleConsumers")).isEqualTo("false");
        // KEDA makes its own HPA: the chart must not render a second one for the same Deployment.
        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(rendered.ofKind("ScaledObject")).hasSize(1);
    }

    @Test
    void shouldNameTheConsumerGroupsAfterTheStream() {
        Chart.Rendered rendered = Chart.render(Map.of("global.streamName", "trends",
                "processor.autoscaling.enabled", true, "processor.autoscaling.kafkaLag.enabled", true,
                "sink.autoscaling.enabled", true, "sink.autoscaling.kafkaLag.enabled", true));

        assertThat(rendered.get("ScaledObject", "tagpulse-processor").at("spec", "triggers", 0, "metadata",
                "consumerGroup")).isEqualTo("trends-processor");
        Map<String, Object> processor = applicationYaml(rendered, "processor").get(0);
        assertThat(path(processor, "spring", "cloud", "dataflow", "stream", "name")).isEqualTo("trends");
        assertThat(bindings(rendered, "processor")).containsEntry("input.group", "trends-processor");
        assertThat(bindings(rendered, "filter")).containsEntry("rules.destination", "trends.filter-rules");
        // The alerts read the trends again in a group of their own, so a slow webhook never holds up storing.
        assertThat(bindings(rendered, "sink")).containsEntry("input.group", "trends-sink")
            .containsEntry("trends.group", "trends-sink")
            .containsEntry("trends.destination", "trends.trends")
            .containsEntry("moderation.group", "trends-sink")
            .containsEntry("moderation.destination", "trends.trend-moderation")
            .containsEntry("alerts.group", "trends-sink-alerts")
            .containsEntry("alerts.destination", "trends.trends");
        // The counter writes the trends and reads the moderation decisions as a global table (no group).
        assertThat(bindings(rendered, "counter")).containsEntry("trends.destination", "trends.trends")
            .containsEntry("moderation.destination", "trends.trend-moderation")
            .doesNotContainKey("moderation.group");
        // The dashboard follows the same topics in no group: every replica reads every partition; it writes the
        // moderation decisions where the counter and the sink read them.
        assertThat(bindings(rendered, "dashboard")).containsEntry("input.destination", "tagpulse.hashtag-counts")
            .containsEntry("trends.destination", "trends.trends")
            .containsEntry("moderation.destination", "trends.trend-moderation")
            .doesNotContainKeys("input.group", "trends.group");
        // No app has a binding of the old per-window rankings.
        for (String app : APPS) {
            assertThat(path(applicationYaml(rendered, app).get(0), "spring", "cloud", "stream", "bindings", "trending"))
                    .as(app).isNull();
        }
    }

    @Test
    void shouldSetTopicsAndBrokersOnceForEveryApp() {
        Chart.Rendered rendered = Chart.render(Map.of("kafka.bootstrapServers", "k1:9092,k2:9092",
                "topics.names.hashtags", "prod.hashtags", "topics.partitions", 24));

        assertThat(path(applicationYaml(rendered, "processor").get(0), "spring", "cloud", "stream", "bindings",
                "output", "destination")).isEqualTo("prod.hashtags");
        assertThat(path(applicationYaml(rendered, "counter").get(0), "spring", "cloud", "stream", "bindings",
                "input", "destination")).isEqualTo("prod.hashtags");
        // The counter writes the trends where the sink and the dashboard read them, and reads the moderation decisions
        // where the dashboard writes them, under whatever names.
        Chart.Rendered renamed = Chart.render(Map.of("topics.names.trends", "prod.trends",
                "topics.names.trendModeration", "prod.moderation"));
        for (String app : List.of("counter", "sink", "dashboard")) {
            Map<String, Object> config = applicationYaml(renamed, app).get(0);
            assertThat(path(config, "spring", "cloud", "stream", "bindings", "trends", "destination")).as(app)
                    .isEqualTo("prod.trends");
            assertThat(path(config, "spring", "cloud", "stream", "bindings", "moderation", "destination")).as(app)
                    .isEqualTo("prod.moderation");
        }
        for (String app : APPS) {
            Map<String, Object> config = applicationYaml(rendered, app).get(0);
            assertThat(path(config, "spring", "cloud", "stream", "kafka", "binder", "brokers")).as(app)
                    .isEqualTo("k1:9092,k2:9092");
            assertThat(path(config, "spring", "cloud", "stream", "kafka", "streams", "binder", "brokers")).as(app)
                    .isEqualTo("k1:9092,k2:9092");
            assertThat(path(config, "spring", "cloud", "stream", "kafka", "binder", "min-partition-count")).as(app)
                    .isEqualTo(24);
        }
    }

    @Test
    void shouldRollThePodsOfTheAppWhosePropertiesChange() {
        String before = configChecksum(Chart.renderDefaults(), "counter");
        Chart.Rendered changed = Chart.render(Map.of("counter.config.tagpulse\\.counter\\.grace", "30s"));

        assertThat(configChecksum(changed, "counter")).isNotEqualTo(before);
        assertThat(configChecksum(changed, "sink")).isEqualTo(configChecksum(Chart.renderDefaults(), "sink"));
        assertThat(applicationYaml(changed, "counter").get(1)).containsEntry("tagpulse.counter.grace", "30s");
        // The chart's settings come first; the app's config block is the later document, so it wins.
        assertThat(applicationYaml(changed, "counter")).hasSize(2);
    }

    @Test
    void shouldRollEveryPodWhenASharedSettingChanges() {
        Chart.Rendered before = Chart.renderDefaults();
        Chart.Rendered after = Chart.render(Map.of("kafka.bootstrapServers", "other:9092"));

        for (String app : APPS) {
            assertThat(configChecksum(after, app)).as(app).isNotEqualTo(configChecksum(before, app));
        }
    }

    @Test
    void shouldRunEveryPodAsNonRootOnAReadOnlyRootFileSystemByDefault() {
        Chart.Rendered rendered = Chart.renderDefaults();
        List<V1PodSpec> pods = new ArrayList<>();
        for (String app : APPS) {
            pods.add(deployment(rendered, app).getSpec().getTemplate().getSpec());
        }
        pods.add(typed(rendered.get("Job", "tagpulse-topics"), V1Job.class).getSpec().getTemplate().getSpec());
        pods.add(typed(rendered.get("Pod", "tagpulse-test"), V1Pod.class).getSpec());

        assertThat(pods).hasSize(8).allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (V1Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(container.getName())
                        .isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(container.getName())
                        .containsExactly("ALL");
                assertThat(container.getResources().getLimits()).as(container.getName()).containsKey("memory");
            }
        });
    }

    @Test
    void shouldGiveTheAppsWritableTmpAndTheStreamsAppsAStateDirectory() {
        Chart.Rendered rendered = Chart.renderDefaults();

        for (String app : APPS) {
            V1PodSpec pod = deployment(rendered, app).getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers().get(0).getVolumeMounts()).as(app)
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            boolean streams = app.equals("filter") || app.equals("counter");
            assertThat(pod.getContainers().get(0).getVolumeMounts()).as(app)
                    .filteredOn(mount -> mount.getMountPath().equals("/var/lib/tagpulse/state"))
                    .hasSize(streams ? 1 : 0);
            if (streams) {
                assertThat(path(applicationYaml(rendered, app).get(0), "spring", "cloud", "stream", "kafka", "streams",
                        "binder", "configuration", "state.dir")).isEqualTo("/var/lib/tagpulse/state");
            }
        }
    }

    @Test
    void shouldKeepTheCounterStateOnAVolumeClaimWhenPersistenceIsOn() {
        Chart.Rendered rendered = Chart.render(Map.of("counter.persistence.enabled", true,
                "counter.persistence.size", "8Gi"));

        V1StatefulSet counter = typed(rendered.get("StatefulSet", "tagpulse-counter"), V1StatefulSet.class);
        assertThat(counter.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim ->
                assertThat(claim.getSpec().getResources().getRequests().get("storage").toSuffixedString())
                        .isEqualTo("8Gi"));
        assertThat(rendered.has("Deployment", "tagpulse-counter")).isFalse();
        assertThat(rendered.has("Deployment", "tagpulse-filter")).isTrue();
    }

    @Test
    void shouldRenderTheTrendRulesIntoTheCounter() {
        Map<String, Object> defaults = applicationYaml(Chart.renderDefaults(), "counter").get(0);
        Map<String, Object> tuned = applicationYaml(Chart.render(Map.of("trends.warmUp", "3m",
                "trends.shortHorizon", "5m", "trends.minAuthors", 8, "trends.scopes[0]", "global",
                "trends.blockList[0]", "spam*", "trends.blockList[1]", "casino")), "counter").get(0);

        assertThat(path(defaults, "tagpulse", "counter", "trend")).isEqualTo(Map.of("short-horizon", "2m",
                "long-horizon", "1h", "warm-up", "15m", "min-mentions", 10, "min-authors", 5, "scopes",
                List.of("global", "language", "platform"), "block-list", List.of()));
        assertThat(path(tuned, "tagpulse", "counter", "trend")).isEqualTo(Map.of("short-horizon", "5m",
                "long-horizon", "1h", "warm-up", "3m", "min-mentions", 10, "min-authors", 8, "scopes",
                List.of("global"), "block-list", List.of("spam*", "casino")));
        assertThatThrownBy(() -> Chart.render(Map.of("trends.scopes[0]", "country"))).hasMessageContaining("scopes");
    }

    @Test
    void shouldTakeTheAlertsWebhookFromASecretAndLeaveAlertsOffWithoutOne() {
        Chart.Rendered off = Chart.renderDefaults();
        Chart.Rendered inline = Chart.render(Map.of("trends.alerts.webhookUrl", "https://hooks.example.org/trends",
                "trends.alerts.secret", "s3cret", "trends.alerts.dashboardUrl", "https://trends.example.org"));
        Chart.Rendered existing = Chart.render(Map.of("trends.alerts.existingSecret", "team-hooks",
                "trends.alerts.urlKey", "url"));

        assertThat(alertsEnv(off)).isEmpty();
        assertThat(off.ofKind("Secret")).extracting(RenderedObject::name).containsExactly("tagpulse-tokens");
        assertThat(alertsEnv(inline)).containsExactly("TAGPULSE_SINK_ALERTS_WEBHOOKURL=tagpulse-alerts/webhook-url",
                "TAGPULSE_SINK_ALERTS_SECRET=tagpulse-alerts/webhook-secret (optional)");
        assertThat(inline.get("Secret", "tagpulse-alerts").at("data", "webhook-url"))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("https://hooks.example.org/trends".getBytes()));
        assertThat(inline.get("Secret", "tagpulse-alerts").at("data", "webhook-secret"))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("s3cret".getBytes()));
        assertThat(path(applicationYaml(inline, "sink").get(0), "tagpulse", "sink", "alerts"))
                .isEqualTo(Map.of("dashboard-url", "https://trends.example.org"));
        assertThat((String) inline.get("ConfigMap", "tagpulse-sink").at("data", "application.yaml"))
                .doesNotContain("hooks.example.org", "s3cret");
        // A new webhook rolls the sink's pods, as a new database password does.
        assertThat(deployment(inline, "sink").getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainEntry("checksum/secrets", deployment(off, "sink").getSpec().getTemplate().getMetadata()
                        .getAnnotations().get("checksum/secrets"));
        assertThat(alertsEnv(existing)).containsExactly("TAGPULSE_SINK_ALERTS_WEBHOOKURL=team-hooks/url",
                "TAGPULSE_SINK_ALERTS_SECRET=team-hooks/webhook-secret (optional)");
        assertThat(existing.ofKind("Secret")).extracting(RenderedObject::name).containsExactly("tagpulse-tokens");
    }

    private static List<String> alertsEnv(Chart.Rendered rendered) {
        return deployment(rendered, "sink").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().startsWith("TAGPULSE_SINK_ALERTS_"))
                .map(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey()
                        + (Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional()) ? " (optional)" : ""))
                .toList();
    }

    @Test
    void shouldTakeTheDatabasePasswordFromASecret() {
        Chart.Rendered existing = Chart.renderDefaults();
        Chart.Rendered inline = Chart.render(Map.of("database.password", "Pa55-word-xyz"));

        assertThat(passwordSecret(existing, "sink")).isEqualTo("tagpulse-db/SPRING_DATASOURCE_PASSWORD");
        assertThat(passwordSecret(existing, "dashboard")).isEqualTo("tagpulse-db/SPRING_DATASOURCE_PASSWORD");
        assertThat(existing.ofKind("Secret")).extracting(RenderedObject::name).containsExactly("tagpulse-tokens");
        assertThat(passwordSecret(inline, "sink")).isEqualTo("tagpulse-database/SPRING_DATASOURCE_PASSWORD");
        assertThat(passwordSecret(inline, "dashboard")).isEqualTo("tagpulse-database/SPRING_DATASOURCE_PASSWORD");
        assertThat(inline.get("Secret", "tagpulse-database").at("data", "SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo("UGE1NS13b3JkLXh5eg==");
        assertThat((String) inline.get("ConfigMap", "tagpulse-sink").at("data", "application.yaml"))
                .contains("jdbc:postgresql://").doesNotContain("Pa55-word-xyz");
        assertThat((String) inline.get("ConfigMap", "tagpulse-dashboard").at("data", "application.yaml"))
                .contains("jdbc:postgresql://").doesNotContain("Pa55-word-xyz");
    }

    @Test
    void shouldGiveTheDashboardTheSinksDatabaseReadOnly() {
        Chart.Rendered rendered = Chart.renderDefaults();
        Chart.Rendered withParameters = Chart.render(Map.of("database.url",
                "jdbc:postgresql://db:5432/tagpulse?ssl=true"));

        assertThat(path(applicationYaml(rendered, "dashboard").get(0), "spring", "datasource", "url"))
                .isEqualTo("jdbc:postgresql://tagpulse-postgresql:5432/tagpulse?readOnlyMode=always");
        assertThat(path(applicationYaml(withParameters, "dashboard").get(0), "spring", "datasource", "url"))
                .isEqualTo("jdbc:postgresql://db:5432/tagpulse?ssl=true&readOnlyMode=always");
        assertThat(path(applicationYaml(rendered, "sink").get(0), "spring", "datasource", "url"))
                .isEqualTo("jdbc:postgresql://tagpulse-postgresql:5432/tagpulse");
    }

    @Test
    void shouldServeTheDashboardOn8080AndTheSinksActuatorOn8085WithTheirProbes() {
        Chart.Rendered rendered = Chart.renderDefaults();

        for (Map.Entry<String, Integer> app : Map.of("dashboard", 8080, "sink", 8085).entrySet()) {
            V1Container container = deployment(rendered, app.getKey()).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertThat(container.getPorts().get(0).getContainerPort()).as(app.getKey()).isEqualTo(app.getValue());
            assertThat(rendered.get("Service", "tagpulse-" + app.getKey()).at("spec", "ports", 0, "port"))
                    .as(app.getKey()).isEqualTo(app.getValue());
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        }
    }

    @Test
    void shouldScaleTheDashboardOnItsHttpRequestsWithCpuAlongsideAndNoPartitionBound() {
        Chart.Rendered cpu = Chart.render(Map.of("dashboard.autoscaling.enabled", true));
        Chart.Rendered http = Chart.render(Map.of("topics.partitions", 4, "dashboard.autoscaling.enabled", true,
                "dashboard.autoscaling.maxReplicas", 20, "dashboard.autoscaling.httpRequests.enabled", true,
                "dashboard.autoscaling.httpRequests.averageValue", "30"));

        V2HorizontalPodAutoscaler onCpu = typed(cpu.get("HorizontalPodAutoscaler", "tagpulse-dashboard"),
                V2HorizontalPodAutoscaler.class);
        assertThat(onCpu.getSpec().getMetrics()).extracting(metric -> metric.getType()).containsExactly("Resource");
        assertThat(onCpu.getSpec().getMinReplicas()).isEqualTo(2);
        V2HorizontalPodAutoscaler onHttp = typed(http.get("HorizontalPodAutoscaler", "tagpulse-dashboard"),
                V2HorizontalPodAutoscaler.class);
        assertThat(onHttp.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(onHttp.getSpec().getMetrics()).extracting(metric -> metric.getType())
                .containsExactly("Pods", "Resource");
        assertThat(onHttp.getSpec().getMetrics().get(0).getPods().getMetric().getName())
                .isEqualTo("http_server_requests_per_second");
        assertThat(onHttp.getSpec().getMetrics().get(0).getPods().getTarget().getAverageValue().toSuffixedString())
                .isEqualTo("30");
        assertThat(http.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void shouldPassKafkaCredentialsFromASecretAndNeverInTheConfigMap() {
        Chart.Rendered rendered = Chart.render(Map.of("kafka.securityProtocol", "SASL_SSL",
                "kafka.sasl.username", "tagpulse", "kafka.sasl.password", "very-secret",
                "kafka.tls.caSecret", "kafka-ca"));

        for (String app : APPS) {
            String configMap = (String) rendered.get("ConfigMap", "tagpulse-" + app).at("data", "application.yaml");
            assertThat(configMap).as(app).doesNotContain("very-secret").contains("${KAFKA_SASL_PASSWORD}")
                    .contains("ssl.truststore.location: /etc/tagpulse/kafka-ca/ca.crt");
            V1Container container = deployment(rendered, app).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("KAFKA_SASL_PASSWORD");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tagpulse-kafka-sasl");
            });
        }
        assertThat(rendered.get("Secret", "tagpulse-kafka-sasl").at("data", "password")).isEqualTo("dmVyeS1zZWNyZXQ=");
    }

    @Test
    void shouldGiveTheTestPodTheSourceAndDashboardTokensFromTheirSecretsOnlyWhenNamed() {
        // With auth on (the default) the test pod reads the tokens Secret (ChartSecurityTests); these are for auth off.
        Chart.Rendered rendered = Chart.render(Map.of("auth.enabled", false, "auth.acknowledgeOpenAccess", true,
                "tests.sourceTokenSecret.name", "src-token", "tests.dashboardTokenSecret.name", "dashboard-token",
                "tests.dashboardTokenSecret.key", "api"));
        Chart.Rendered plain = Chart.render(Map.of("auth.enabled", false, "auth.acknowledgeOpenAccess", true));

        V1Container test = typed(rendered.get("Pod", "tagpulse-test"), V1Pod.class).getSpec().getContainers().get(0);
        assertThat(test.getEnv()).extracting(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef().getName()
                + "/" + env.getValueFrom().getSecretKeyRef().getKey())
            .containsExactly("SOURCE_TOKEN=src-token/token", "DASHBOARD_TOKEN=dashboard-token/api");
        assertThat(String.join("\n", test.getCommand()))
            .contains("${DASHBOARD_TOKEN:+-H \"Authorization: Bearer $DASHBOARD_TOKEN\"}")
            .contains("http://tagpulse-dashboard:8080/api/tags/top")
            .contains("http://tagpulse-sink:8085/actuator/health/readiness");
        assertThat(typed(plain.get("Pod", "tagpulse-test"), V1Pod.class).getSpec().getContainers().get(0).getEnv())
            .isNullOrEmpty();
    }

    @Test
    void shouldRejectATypoInAnAppBlockNamingTheKey() {
        assertThatThrownBy(() -> Chart.render(Map.of("sink.replicas", 2)))
                .hasMessageContaining("/sink")
                .hasMessageContaining("additional properties 'replicas' not allowed");
    }

    @Test
    void shouldRejectATypoInAValuesFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path values = dir.resolve("typo-values.yaml");
        Files.writeString(values, "counter:\n  autoscaling:\n    enabled: true\n    maxReplica: 6\n");

        assertThatThrownBy(() -> Chart.render(values))
                .hasMessageContaining("/counter/autoscaling")
                .hasMessageContaining("additional properties 'maxReplica' not allowed");
    }

    @Test
    void shouldRejectAWrongTypeNamingTheKey() {
        assertThatThrownBy(() -> Chart.render(Map.of("filter.replicaCount", "three")))
                .hasMessageContaining("/filter/replicaCount")
                .hasMessageContaining("want integer");
    }

    @Test
    void shouldReportEveryBrokenRuleAtOnce() {
        assertThatThrownBy(() -> Chart.render(Map.ofEntries(Map.entry("topics.partitions", 4),
                Map.entry("sink.replicaCount", 5), Map.entry("counter.autoscaling.enabled", true),
                Map.entry("counter.autoscaling.maxReplicas", 8), Map.entry("processor.persistence.enabled", true),
                Map.entry("kafka.securityProtocol", "SASL_PLAINTEXT"), Map.entry("source.autoscaling.enabled", true),
                Map.entry("source.autoscaling.kafkaLag.enabled", true), Map.entry("dashboard.autoscaling.enabled", true),
                Map.entry("dashboard.autoscaling.kafkaLag.enabled", true), Map.entry("sink.autoscaling.enabled", true),
                Map.entry("sink.autoscaling.httpRequests.enabled", true), Map.entry("topics.minInsyncReplicas", 4))))
                .hasMessageContaining("Tagpulse: 8 problem(s) in the values")
                .hasMessageContaining("topics.minInsyncReplicas is 4 but topics.replicationFactor is 3")
                .hasMessageContaining("dashboard.autoscaling.kafkaLag.enabled: the dashboard reads every partition")
                .hasMessageContaining("sink.autoscaling.httpRequests.enabled: the sink serves no HTTP traffic")
                .hasMessageContaining("sink.replicaCount is 5 but its input topic has 4 partitions")
                .hasMessageContaining("counter.autoscaling.maxReplicas is 8 but its input topic has 4 partitions")
                .hasMessageContaining("processor.persistence.enabled: only the Kafka Streams apps")
                .hasMessageContaining("kafka.securityProtocol is SASL_PLAINTEXT: set kafka.sasl.username")
                .hasMessageContaining("source.autoscaling.kafkaLag.enabled: the source consumes no topic");
    }

    @Test
    void shouldLetTheSourceAndTheDashboardScaleBeyondThePartitionCountSinceNeitherConsumesInAGroup() {
        Chart.Rendered rendered = Chart.render(Map.of("topics.partitions", 2, "source.replicaCount", 5,
                "dashboard.replicaCount", 6));

        assertThat(deployment(rendered, "source").getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment(rendered, "dashboard").getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void shouldDeployNoAppInDataflowModeButAJobThatAppliesTheDefinitions() {
        Chart.Rendered rendered = Chart.render(Map.of("dataflow.enabled", true,
                "dataflow.serverUri", "http://scdf:9393"));

        assertThat(rendered.ofKind("Deployment")).isEmpty();
        assertThat(rendered.ofKind("Service")).isEmpty();
        assertThat(rendered.ofKind("Pod")).isEmpty();
        V1Job job = typed(rendered.get("Job", "tagpulse-dataflow"), V1Job.class);
        assertThat(rendered.get("Job", "tagpulse-dataflow").annotations())
                .containsEntry(Chart.HOOK_ANNOTATION, "post-install,post-upgrade");
        V1Container cli = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cli.getImage()).isEqualTo("tagpulse/dataflow-cli:0.1.0-SNAPSHOT");
        assertThat(cli.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("DATAFLOW_URI");
            assertThat(env.getValue()).isEqualTo("http://scdf:9393");
        });
        String script = cli.getCommand().get(2);
        assertThat(script).contains("cli apply --apps \"$D/apps.properties\" --streams \"$D/streams\"")
                .contains("cli deploy \"hashtags\" --properties \"$D/kubernetes.properties\" "
                        + "--properties \"$D/deploy-hashtags.properties\"")
                .contains("cli deploy \"dashboard\" --properties \"$D/dashboard-kubernetes.properties\" "
                        + "--properties \"$D/deploy-dashboard.properties\"");
        V1ConfigMap definitions = typed(rendered.get("ConfigMap", "tagpulse-dataflow"), V1ConfigMap.class);
        assertThat(definitions.getData().get("apps.properties"))
                .contains("sink.tagpulse-sink=docker:tagpulse/sink-app:0.1.0-SNAPSHOT")
                .contains("sink.tagpulse-dashboard=docker:tagpulse/dashboard-app:0.1.0-SNAPSHOT")
                .contains("sink.tagpulse-dashboard.metadata=maven://io.tagpulse:dashboard-app:jar:metadata:0.1.0-SNAPSHOT")
                .contains("processor.tagpulse-counter.metadata=maven://io.tagpulse:counter-app:jar:metadata:0.1.0-SNAPSHOT");
        assertThat(definitions.getData().get("deploy-hashtags.properties"))
                .contains("app.*.spring.cloud.stream.kafka.binder.brokers=kafka:9092")
                .contains("deployer.store.kubernetes.secret-refs=tagpulse-db");
        assertThat(definitions.getData().get("deploy-dashboard.properties"))
                .contains("app.dashboard.spring.datasource.url=jdbc:postgresql://tagpulse-postgresql:5432/tagpulse"
                        + "?readOnlyMode=always")
                .contains("deployer.dashboard.kubernetes.secret-refs=tagpulse-db");
        assertThat(definitions.getData()).containsKey("dashboard-kubernetes.properties");
    }

    @Test
    void shouldShipTheStreamDefinitionsAndDeploymentPropertiesOfDataflowDefinitionsUnchanged() throws Exception {
        Path repository = Chart.repository();
        Path copies = Chart.directory().resolve("files/dataflow");
        for (String file : List.of("hashtags.dsl", "hourly.dsl")) {
            assertThat(Files.readString(copies.resolve(file))).as("files/dataflow/%s is a copy of "
                    + "dataflow-definitions/streams/%s: copy it again", file, file)
                    .isEqualTo(Files.readString(repository.resolve("dataflow-definitions/streams/" + file)));
        }
        try (var streams = Files.list(repository.resolve("dataflow-definitions/streams"))) {
            assertThat(streams.map(file -> file.getFileName().toString()))
                    .as("every stream of dataflow-definitions/streams is in files/dataflow")
                    .allSatisfy(name -> assertThat(copies.resolve(name)).exists());
        }
        for (String file : List.of("kubernetes.properties", "dashboard-kubernetes.properties")) {
            assertThat(Files.readString(copies.resolve(file)))
                    .as("files/dataflow/%s is a copy of dataflow-definitions/deployment/%s", file, file)
                    .isEqualTo(Files.readString(repository.resolve("dataflow-definitions/deployment/" + file)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "dashboard"})
    void shouldExposeTheHttpAppsThroughAnIngressOnlyWhenAsked(String app) {
        assertThat(Chart.renderDefaults().ofKind("Ingress")).isEmpty();

        Chart.Rendered rendered = Chart.render(Map.of(app + ".ingress.enabled", true,
                app + ".ingress.host", app + ".example.org"));

        RenderedObject ingress = rendered.get("Ingress", "tagpulse-" + app);
        assertThat(ingress.at("spec", "rules", 0, "host")).isEqualTo(app + ".example.org");
        assertThat(ingress.at("spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"))
                .isEqualTo("tagpulse-" + app);
    }

    @Test
    void shouldSayInTheNotesHowToReachTheDashboard() {
        String notes = new com.marcnuri.helm.Helm(Chart.directory()).install().withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE).withKubeVersion(Chart.KUBE_VERSION).dryRun().clientOnly().call()
                .getOutput();
        String withIngress = new com.marcnuri.helm.Helm(Chart.directory()).install().withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE).withKubeVersion(Chart.KUBE_VERSION).dryRun().clientOnly()
                .set("dashboard.ingress.enabled", true).set("dashboard.ingress.host", "trends.example.org")
                .set("dashboard.ingress.tlsSecret", "trends-tls").call().getOutput();

        assertThat(notes).contains("kubectl --namespace pipeline port-forward service/tagpulse-dashboard 8080:8080")
                .contains("http://localhost:8080/");
        assertThat(withIngress).contains("https://trends.example.org/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldConfigureEveryAppForAClusterThatLosesABroker() {
        Chart.Rendered rendered = Chart.render(Map.of("topics.replicationFactor", 3, "topics.minInsyncReplicas", 2));

        for (String app : APPS) {
            Map<String, Object> kafka = (Map<String, Object>) path(applicationYaml(rendered, app).get(0), "spring",
                    "cloud", "stream", "kafka");
            assertThat(path(kafka, "binder", "required-acks")).as(app).isEqualTo("all");
            assertThat(path(kafka, "binder", "replication-factor")).as(app).isEqualTo(3);
            assertThat(path(kafka, "default", "producer", "topic", "properties", "min.insync.replicas")).as(app)
                    .isEqualTo("2");
            assertThat(path(kafka, "streams", "binder", "configuration", "replication.factor")).as(app)
                    .isEqualTo("3");
            assertThat(path(kafka, "streams", "binder", "configuration", "topic.min.insync.replicas")).as(app)
                    .isEqualTo("2");
        }
    }

    @Test
    void shouldProvisionEveryTopicWithItsConfigurationUnlessLeftToTheBinders() {
        Chart.Rendered rendered = Chart.render(Map.of("topics.partitions", 6, "topics.replicationFactor", 2,
                "topics.minInsyncReplicas", 2));

        RenderedObject topics = rendered.get("Job", "tagpulse-topics");
        assertThat(topics.annotations()).containsEntry(Chart.HOOK_ANNOTATION, "post-install,post-upgrade");
        V1Container container = typed(topics, V1Job.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getCommand().get(2))
                .contains("topic \"tagpulse.posts\" \"min.insync.replicas=2,retention.ms=604800000\"")
                .contains("topic \"tagpulse.filter-rules\" \"min.insync.replicas=2,cleanup.policy=compact\"")
                .contains("topic \"tagpulse.trends\" \"min.insync.replicas=2,retention.ms=86400000\"")
                .contains("topic \"tagpulse.trend-moderation\" \"min.insync.replicas=2,cleanup.policy=compact\"")
                .contains("topic \"tagpulse.hashtag-counts\" \"min.insync.replicas=2")
                .contains("topic \"tagpulse.dead-letter\" \"min.insync.replicas=2");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("PARTITIONS");
            assertThat(env.getValue()).isEqualTo("6");
        });
        assertThat(Chart.render(Map.of("topics.provisioning.enabled", false)).has("Job", "tagpulse-topics")).isFalse();
    }

    @Test
    void shouldRenderTheServiceMonitorAndNetworkPoliciesOnlyWhenAsked() {
        Chart.Rendered defaults = Chart.renderDefaults();
        Chart.Rendered enabled = Chart.render(Map.of("serviceMonitor.enabled", true, "networkPolicy.enabled", true));

        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();
        assertThat(enabled.get("ServiceMonitor", "tagpulse").at("spec", "endpoints", 0, "path"))
                .isEqualTo("/actuator/prometheus");
        assertThat(enabled.ofKind("NetworkPolicy")).extracting(RenderedObject::name)
                .containsExactlyInAnyOrder("tagpulse-source", "tagpulse-filter", "tagpulse-processor",
                        "tagpulse-counter", "tagpulse-sink", "tagpulse-dashboard");
        // Traffic from outside (allowExternalFrom) reaches the apps that serve it: the source and the dashboard.
        Chart.Rendered external = Chart.render(Map.of("networkPolicy.enabled", true,
                "networkPolicy.allowExternalFrom[0].namespaceSelector.matchLabels.name", "ingress"));
        for (String app : APPS) {
            int peers = ((List<?>) external.get("NetworkPolicy", "tagpulse-" + app).at("spec", "ingress", 0, "from"))
                    .size();
            assertThat(peers).as(app).isEqualTo(app.equals("source") || app.equals("dashboard") ? 2 : 1);
        }
    }

    @Test
    void shouldTagTheImagesWithTheProjectVersionByDefault() throws Exception {
        String pom = Files.readString(Chart.repository().resolve("pom.xml"));
        String projectVersion = pom.replaceAll("(?s).*?<artifactId>tagpulse-parent</artifactId>\\s*<version>([^<]+)</version>.*",
                "$1");
        String chart = Files.readString(Chart.directory().resolve("Chart.yaml"));

        assertThat(chart).as("Chart.yaml appVersion follows the project version").contains("appVersion: \"" + projectVersion + "\"");
        assertThat(deployment(Chart.renderDefaults(), "counter").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()).isEqualTo("tagpulse/counter-app:" + projectVersion);
    }

    private static String configChecksum(Chart.Rendered rendered, String app) {
        return deployment(rendered, app).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
    }

    private static String passwordSecret(Chart.Rendered rendered, String app) {
        return deployment(rendered, app).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().equals("SPRING_DATASOURCE_PASSWORD"))
                .map(env -> env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey())
                .findFirst().orElseThrow();
    }

    /** The YAML documents of an app's application.yaml, as Spring Boot reads them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> applicationYaml(Chart.Rendered rendered, String app) {
        String yaml = (String) rendered.get("ConfigMap", "tagpulse-" + app).at("data", "application.yaml");
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)
                .forEach(document -> documents.add((Map<String, Object>) document));
        return documents;
    }

    /**
     * @return every binding property an app's rendered application.yaml sets, as {@code <binding>.<property>}
     *     (e.g. {@code trends.group}) to its value
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> bindings(Chart.Rendered rendered, String app) {
        Map<String, Object> flat = new java.util.TreeMap<>();
        Object bindings = path(applicationYaml(rendered, app).get(0), "spring", "cloud", "stream", "bindings");
        if (bindings instanceof Map<?, ?> byName) {
            byName.forEach((name, properties) -> ((Map<String, Object>) properties)
                .forEach((property, value) -> flat.put(name + "." + property, value)));
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            current = current instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : null;
        }
        return current;
    }
}
