package io.tagpulse.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checker the rendering tests rely on: it must fail on what the API server would refuse. */
class KubernetesObjectsTests {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: app
              template:
                metadata:
                  labels:
                    app: app
                spec:
                  containers:
                    - name: app
                      image: app:1
                      resources:
                        limits:
                          memory: 1024Mi
            """;

    private static RenderedObject object(String yaml) {
        return Chart.parse("# Source: test.yaml\n" + yaml).get(0);
    }

    @Test
    void shouldReadAValidObjectIntoItsModel() {
        Object typed = KubernetesObjects.check(object(DEPLOYMENT));

        assertThat(typed).isInstanceOfSatisfying(V1Deployment.class, deployment ->
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void shouldRejectAnUnknownField() {
        assertThatThrownBy(() -> KubernetesObjects.check(object(DEPLOYMENT.replace("replicas: 2", "replica: 2"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Deployment app (test.yaml)")
                .hasMessageContaining("replica");
    }

    @Test
    void shouldRejectAnUnknownFieldDeepInside() {
        assertThatThrownBy(() -> KubernetesObjects.check(object(DEPLOYMENT.replace("image: app:1",
                "image: app:1\n          imagePullPolice: Always"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("imagePullPolice");
    }

    @Test
    void shouldRejectAMissingRequiredField() {
        assertThatThrownBy(() -> KubernetesObjects.check(object(DEPLOYMENT.replace("- name: app\n", "- \n"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("name");
    }

    @Test
    void shouldRejectANumberWrittenAsAString() {
        assertThatThrownBy(() -> KubernetesObjects.check(object(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\""))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("replicas");
    }

    @Test
    void shouldRejectAListWhereAnObjectBelongs() {
        assertThatThrownBy(() -> KubernetesObjects.check(object(DEPLOYMENT.replace("matchLabels:\n      app: app",
                "matchLabels:\n      - app"))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldCheckACustomKindAgainstItsSchema() {
        Map<String, Object> scaled = new LinkedHashMap<>();
        scaled.put("apiVersion", "keda.sh/v1alpha1");
        scaled.put("kind", "ScaledObject");
        scaled.put("metadata", Map.of("name", "app"));
        scaled.put("spec", Map.of("scaleTargetRef", Map.of("name", "app"),
                "triggers", List.of(Map.of("type", "kafka", "metadata", Map.of("lagThreshold", "10")))));
        KubernetesObjects.check(new RenderedObject("test.yaml", scaled));

        scaled.put("spec", Map.of("scaleTargetRef", Map.of("name", "app"), "maxReplicas", 3,
                "triggers", List.of(Map.of("type", "kafka", "metadata", Map.of("lagThreshold", 10)))));
        assertThatThrownBy(() -> KubernetesObjects.check(new RenderedObject("test.yaml", scaled)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("maxReplicas")
                .hasMessageContaining("lagThreshold");
    }

    @Test
    void shouldRejectAKindItCannotCheck() {
        assertThatThrownBy(() -> KubernetesObjects.check(object("""
                apiVersion: example.org/v1
                kind: Widget
                metadata:
                  name: w
                """)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("example.org/v1/Widget is neither");
    }
}
