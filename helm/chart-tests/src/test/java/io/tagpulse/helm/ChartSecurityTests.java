package io.tagpulse.helm;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secure by default: generated tokens on the two HTTP doors, a loud way to open them, who may reach the backends. */
class ChartSecurityTests {

    private static final List<String> APPS = List.of("source", "filter", "processor", "counter", "sink", "dashboard");

    private static <T> T typed(RenderedObject object, Class<T> type) {
        return type.cast(KubernetesObjects.check(object));
    }

    private static List<V1EnvVar> env(Chart.Rendered rendered, String app) {
        V1Deployment deployment = typed(rendered.get("Deployment", "tagpulse-" + app), V1Deployment.class);
        V1Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return container.getEnv();
    }

    private static List<String> tokenRefs(Chart.Rendered rendered, String app) {
        return env(rendered, app).stream().filter(env -> env.getName().endsWith("_TOKEN"))
                .map(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey())
                .toList();
    }

    private static String decoded(V1Secret secret, String key) {
        return new String(secret.getData().get(key));
    }

    @Test
    void shouldGenerateRandomTokensOnceAtInstallAndWireThemIntoTheSourceAndTheDashboard() {
        Chart.Rendered first = Chart.renderDefaults();
        Chart.Rendered second = Chart.renderDefaults();

        RenderedObject tokens = first.get("Secret", "tagpulse-tokens");
        // A pre-install hook: created before the apps at install, never rendered again by an upgrade, so kept.
        assertThat(tokens.annotations()).containsEntry(Chart.HOOK_ANNOTATION, "pre-install");
        V1Secret secret = typed(tokens, V1Secret.class);
        String source = decoded(secret, "source-token");
        String dashboard = decoded(secret, "dashboard-token");
        assertThat(source).matches("[A-Za-z0-9]{40}");
        assertThat(dashboard).matches("[A-Za-z0-9]{40}").isNotEqualTo(source);
        assertThat(decoded(typed(second.get("Secret", "tagpulse-tokens"), V1Secret.class), "source-token"))
            .as("each install draws new tokens").isNotEqualTo(source);

        assertThat(tokenRefs(first, "source")).containsExactly("TAGPULSE_SOURCE_TOKEN=tagpulse-tokens/source-token");
        assertThat(tokenRefs(first, "dashboard"))
            .containsExactly("TAGPULSE_DASHBOARD_API_TOKEN=tagpulse-tokens/dashboard-token");
        for (String app : List.of("filter", "processor", "counter", "sink")) {
            assertThat(tokenRefs(first, app)).as(app).isEmpty();
        }
        V1Container test = typed(first.get("Pod", "tagpulse-test"), V1Pod.class).getSpec().getContainers().get(0);
        assertThat(test.getEnv()).extracting(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef().getName()
                + "/" + env.getValueFrom().getSecretKeyRef().getKey())
            .containsExactly("SOURCE_TOKEN=tagpulse-tokens/source-token",
                    "DASHBOARD_TOKEN=tagpulse-tokens/dashboard-token");
    }

    @Test
    void shouldUseTheOperatorsOwnSecretWhenGivenAndGenerateNone() {
        Chart.Rendered rendered = Chart.render(Map.of("auth.existingSecret", "ops-tokens",
                "auth.sourceTokenKey", "ingest", "auth.dashboardTokenKey", "read"));

        assertThat(rendered.has("Secret", "tagpulse-tokens")).isFalse();
        assertThat(tokenRefs(rendered, "source")).containsExactly("TAGPULSE_SOURCE_TOKEN=ops-tokens/ingest");
        assertThat(tokenRefs(rendered, "dashboard")).containsExactly("TAGPULSE_DASHBOARD_API_TOKEN=ops-tokens/read");
    }

    @Test
    void shouldRefuseToOpenTheDoorsUnlessTheOpenAccessIsAcknowledged() {
        assertThatThrownBy(() -> Chart.render(Map.of("auth.enabled", false)))
            .hasMessageContaining("auth.enabled is false")
            .hasMessageContaining("auth.acknowledgeOpenAccess=true");
        assertThatThrownBy(() -> Chart.render(Map.of("auth.acknowledgeOpenAccess", true)))
            .hasMessageContaining("auth.acknowledgeOpenAccess is true but auth.enabled is true");

        Chart.Rendered open = Chart.render(Map.of("auth.enabled", false, "auth.acknowledgeOpenAccess", true));
        assertThat(open.has("Secret", "tagpulse-tokens")).isFalse();
        for (String app : APPS) {
            assertThat(tokenRefs(open, app)).as(app).isEmpty();
        }
        assertThat(typed(open.get("Pod", "tagpulse-test"), V1Pod.class).getSpec().getContainers().get(0).getEnv())
            .isNullOrEmpty();
    }

    @Test
    void shouldRefuseATokenSetTwiceThroughExtraEnv() {
        assertThatThrownBy(() -> Chart.render(Map.of("source.extraEnv[0].name", "TAGPULSE_SOURCE_TOKEN",
                "source.extraEnv[0].value", "abc")))
            .hasMessageContaining("source.extraEnv sets TAGPULSE_SOURCE_TOKEN")
            .hasMessageContaining("auth.existingSecret");
    }

    @Test
    void shouldHandTheTokensToTheAppsDataFlowDeploysKeepingTheKafkaCredentials() {
        Chart.Rendered rendered = Chart.render(Map.of("dataflow.enabled", true,
                "kafka.securityProtocol", "SASL_SSL", "kafka.sasl.username", "u", "kafka.sasl.password", "p"));

        Map<String, String> data = typed(rendered.get("ConfigMap", "tagpulse-dataflow"), V1ConfigMap.class).getData();
        String sasl = "{envVarName: 'KAFKA_SASL_USERNAME', secretName: 'tagpulse-kafka-sasl', dataKey: 'username'}, "
                + "{envVarName: 'KAFKA_SASL_PASSWORD', secretName: 'tagpulse-kafka-sasl', dataKey: 'password'}";
        assertThat(data.get("deploy-hashtags.properties"))
            .contains("deployer.*.kubernetes.secret-key-refs=[" + sasl + "]")
            .contains("deployer.ingest.kubernetes.secret-key-refs=[" + sasl + ", {envVarName: 'TAGPULSE_SOURCE_TOKEN', "
                    + "secretName: 'tagpulse-tokens', dataKey: 'source-token'}]");
        assertThat(data.get("deploy-dashboard.properties"))
            .contains("deployer.dashboard.kubernetes.secret-key-refs=[" + sasl + ", {envVarName: "
                    + "'TAGPULSE_DASHBOARD_API_TOKEN', secretName: 'tagpulse-tokens', dataKey: 'dashboard-token'}]");
        assertThat(rendered.get("Secret", "tagpulse-tokens").annotations())
            .containsEntry(Chart.HOOK_ANNOTATION, "pre-install");
    }

    @Test
    void shouldLetOnlyThePipelineReachTheBrokerAndTheDatabase() {
        Chart.Rendered none = Chart.render(Map.of("networkPolicy.enabled", true));
        assertThat(none.has("NetworkPolicy", "tagpulse-broker-clients")).isFalse();
        assertThat(none.has("NetworkPolicy", "tagpulse-database-clients")).isFalse();

        Chart.Rendered rendered = Chart.render(Map.of("networkPolicy.enabled", true,
                "networkPolicy.broker.podSelector.app\\.kubernetes\\.io/name", "kafka",
                "networkPolicy.database.podSelector.app\\.kubernetes\\.io/name", "postgresql"));

        V1NetworkPolicy broker = typed(rendered.get("NetworkPolicy", "tagpulse-broker-clients"),
                V1NetworkPolicy.class);
        assertThat(broker.getSpec().getPodSelector().getMatchLabels()).containsExactly(
                Map.entry("app.kubernetes.io/name", "kafka"));
        assertThat(broker.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(broker.getSpec().getIngress()).hasSize(2);
        var clients = broker.getSpec().getIngress().get(0);
        assertThat(clients.getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "tagpulse")
                    .doesNotContainKey("app.kubernetes.io/component"));
        assertThat(clients.getPorts()).extracting(port -> port.getPort().getIntValue()).containsExactly(9092);
        var peers = broker.getSpec().getIngress().get(1);
        assertThat(peers.getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "kafka")));
        assertThat(peers.getPorts()).as("brokers reach each other on every port").isNullOrEmpty();

        V1NetworkPolicy database = typed(rendered.get("NetworkPolicy", "tagpulse-database-clients"),
                V1NetworkPolicy.class);
        assertThat(database.getSpec().getIngress().get(0).getPorts())
            .extracting(port -> port.getPort().getIntValue()).containsExactly(5432);

        Chart.Rendered dataflow = Chart.render(Map.of("dataflow.enabled", true, "networkPolicy.enabled", true,
                "networkPolicy.broker.podSelector.app\\.kubernetes\\.io/name", "kafka"));
        V1NetworkPolicy viaDataflow = typed(dataflow.get("NetworkPolicy", "tagpulse-broker-clients"),
                V1NetworkPolicy.class);
        assertThat(viaDataflow.getSpec().getIngress().get(0).getFrom()).anySatisfy(peer -> {
            assertThat(peer.getPodSelector().getMatchExpressions()).singleElement().satisfies(expression -> {
                assertThat(expression.getKey()).isEqualTo("spring-group-id");
                assertThat(expression.getValues()).containsExactly("hashtags", "dashboard");
            });
        });
    }
}
