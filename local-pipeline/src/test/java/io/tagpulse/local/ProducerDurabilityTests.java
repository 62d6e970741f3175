package io.tagpulse.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every producer of every app waits for all in-sync replicas, so a record the app was told is written survives the
 * loss of its partition's leader (ClusterFailoverIT kills leaders under load). Read from each app's own
 * {@code application.yml}, flattened to the keys Spring Boot sees: the Kafka binder's {@code required-acks} (its
 * default is 1) covers the binding producers and the dead-letter producer, a binding's own {@code acks} must not
 * lower it, and the Kafka Streams apps run exactly_once_v2 (which forces acks=all on their producers) and configure
 * the binder's dead-letter producer, which is outside Kafka Streams (its defaults: acks 1, no retries).
 */
class ProducerDurabilityTests {

    @ParameterizedTest
    @ValueSource(strings = { "source", "processor", "sink", "dashboard" })
    void shouldMakeEveryProducerOfAMessageChannelAppWaitForAllInSyncReplicas(String app) throws IOException {
        Map<String, Object> config = applicationYaml(app);

        assertThat(config).as(app).containsEntry("spring.cloud.stream.kafka.binder.required-acks", "all");
        assertAcksNeverLowered(app, config);
    }

    @ParameterizedTest
    @ValueSource(strings = { "filter", "counter" })
    void shouldMakeEveryProducerOfAKafkaStreamsAppWaitForAllInSyncReplicas(String app) throws IOException {
        Map<String, Object> config = applicationYaml(app);

        assertThat(config).as(app)
            .containsEntry("spring.cloud.stream.kafka.streams.binder.configuration.processing.guarantee",
                    "exactly_once_v2")
            .containsEntry("spring.cloud.stream.kafka.streams.binder.required-acks", "all");
        assertThat(Integer.parseInt(String.valueOf(
                config.get("spring.cloud.stream.kafka.streams.binder.producer-properties.retries"))))
            .as(app + ": the dead-letter producer retries (the binder's default is 0)")
            .isPositive();
        assertAcksNeverLowered(app, config);
    }

    private static void assertAcksNeverLowered(String app, Map<String, Object> config) {
        config.forEach((key, value) -> {
            if (key.endsWith(".acks") || key.endsWith("[acks]") || key.endsWith("required-acks")) {
                assertThat(String.valueOf(value)).as(app + ": " + key).isIn("all", "-1");
            }
        });
    }

    /** @return the app's application.yml with nested keys joined by dots */
    static Map<String, Object> applicationYaml(String app) throws IOException {
        Path file = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
            .resolveSibling(app + "-app/src/main/resources/application.yml");
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", new Yaml(new SafeConstructor(new LoaderOptions())).load(reader), flat);
            return flat;
        }
    }

    private static void flatten(String prefix, Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value,
                    flat));
        }
        else {
            flat.put(prefix, node);
        }
    }
}
