package io.tagpulse.filter.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.tagpulse.contracts.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static io.tagpulse.testing.KafkaRecords.committedConsumer;
import static io.tagpulse.testing.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The filter on a real (embedded, KRaft) broker: a post id seen before a restart is still recognised after it, even
 * when the app comes back with an empty state directory (as a new pod would): the seen ids come back from the
 * changelog. Rules written to the rules topic apply without a redeploy; unreadable posts are dead-lettered with
 * their reason.
 */
@SpringJUnitConfig
@ExtendWith(OutputCaptureExtension.class)
@EmbeddedKafka(brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4", "offsets.topic.num.partitions=4" })
class FilterApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private ConfigurableApplicationContext app;

    private final List<Path> stateDirs = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        for (Path dir : stateDirs) {
            deleteRecursively(dir);
        }
    }

    private ConfigurableApplicationContext start() throws Exception {
        Path stateDir = Files.createTempDirectory("filter-state");
        stateDirs.add(stateDir);
        return new SpringApplicationBuilder(FilterApplication.class).run(
                "--server.port=0",
                "--spring.cloud.dataflow.stream.name=restart",
                "--spring.cloud.stream.kafka.streams.binder.brokers=" + broker.getBrokersAsString(),
                "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + stateDir,
                "--spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100");
    }

    @Test
    void shouldRememberSeenPostsAcrossARestartWithEmptyStateApplyLiveRulesAndDeadLetterBadPosts() throws Exception {
        try (KafkaProducer<String, String> producer = producer();
                KafkaConsumer<String, String> kept = committedConsumer(broker.getBrokersAsString(),
                        "tagpulse.filtered-posts", new StringDeserializer());
                KafkaConsumer<String, String> dead = committedConsumer(broker.getBrokersAsString(),
                        "tagpulse.dead-letter", new StringDeserializer())) {
            app = start();
            send(producer, "tagpulse.posts", "p1", post("p1", "#kafka"));
            send(producer, "tagpulse.posts", "broken", "{\"id\":\"broken\"");
            send(producer, "restart.filter-rules", "blocked-tags", "spam");
            List<String> first = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                first.addAll(next(kept));
                assertThat(first).contains("p1");
            });
            assertThat(first).containsExactly("p1");

            ConsumerRecord<String, String> deadLetter = nextRecord(dead);
            assertThat(deadLetter.value()).isEqualTo("{\"id\":\"broken\"");
            assertThat(header(deadLetter, DeadLetterHeaders.REASON)).startsWith("unreadable Post");
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("tagpulse.posts");

            // The rule arrives through the global table, at its own pace: probe until it applies. A probe and its
            // marker share a partition (same record key), so once the marker is out the probe was decided too.
            AtomicInteger probe = new AtomicInteger();
            await().atMost(WAIT).untilAsserted(() -> {
                int n = probe.incrementAndGet();
                send(producer, "tagpulse.posts", "probe-" + n, post("spam-" + n, "#spam"));
                send(producer, "tagpulse.posts", "probe-" + n, post("ok-" + n, "#ok"));
                List<String> seen = new ArrayList<>();
                await().atMost(WAIT).untilAsserted(() -> {
                    seen.addAll(next(kept));
                    assertThat(seen).contains("ok-" + n);
                });
                assertThat(seen).containsExactly("ok-" + n);
            });

            app.close();
            app = start();
            send(producer, "tagpulse.posts", "p1", post("p1", "#kafka"));
            send(producer, "tagpulse.posts", "p3", post("p3", "#kafka"));

            List<String> afterRestart = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                afterRestart.addAll(next(kept));
                assertThat(afterRestart).contains("p3");
            });
            assertThat(afterRestart).containsExactly("p3");
        }
    }

    /**
     * Bad posts on their own topics: each is dead-lettered with its reason and origin while the valid posts around
     * them go on; a 10 MB post never reaches the filter (the broker refuses it); a SASL password in the binder's
     * configuration never appears in the log.
     */
    @Test
    void shouldDeadLetterEachBadPostWithItsReasonKeepFilteringAndNeverLogTheSaslPassword(CapturedOutput log)
            throws Exception {
        String secret = "kafka-pass-" + System.nanoTime();
        Path stateDir = Files.createTempDirectory("filter-state");
        stateDirs.add(stateDir);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 12 * 1024 * 1024), new StringSerializer(),
                new ByteArraySerializer());
                KafkaConsumer<String, String> kept = committedConsumer(broker.getBrokersAsString(),
                        "bad.filtered-posts", new StringDeserializer());
                KafkaConsumer<String, String> dead = committedConsumer(broker.getBrokersAsString(),
                        "bad.dead-letter", new StringDeserializer())) {
            app = new SpringApplicationBuilder(FilterApplication.class).run(
                    "--server.port=0",
                    "--spring.cloud.dataflow.stream.name=bad",
                    "--spring.cloud.stream.bindings.input.destination=bad.posts",
                    "--spring.cloud.stream.bindings.output.destination=bad.filtered-posts",
                    "--tagpulse.filter.dead-letter-topic=bad.dead-letter",
                    "--spring.cloud.stream.kafka.streams.binder.brokers=" + broker.getBrokersAsString(),
                    "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + stateDir,
                    "--spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100",
                    // Ignored on a PLAINTEXT connection, but configured (and so logged) like a real secret.
                    "--spring.cloud.stream.kafka.streams.binder.configuration.sasl.mechanism=PLAIN",
                    "--spring.cloud.stream.kafka.streams.binder.configuration.sasl.jaas.config="
                            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                            + "password=\"" + secret + "\";");
            byte[] invalidUtf8 = post("utf8", "#caf\u00e9").getBytes(StandardCharsets.UTF_8);
            invalidUtf8[new String(invalidUtf8, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;
            Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
            bad.put("malformed", "{\"id\":".getBytes(StandardCharsets.UTF_8));
            bad.put("invalid-utf8", invalidUtf8);
            bad.put("missing", "{\"id\":\"missing\",\"text\":\"#a\"}".getBytes(StandardCharsets.UTF_8));
            bad.put("version-0", post("v0", "#a").replace("}", ",\"version\":0}").getBytes(StandardCharsets.UTF_8));
            bad.put("tombstone", null);
            int n = 0;
            for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
                producer.send(new ProducerRecord<>("bad.posts", entry.getKey(), entry.getValue())).get();
                producer.send(new ProducerRecord<>("bad.posts", entry.getKey(),
                        post("ok-" + n++, "#ok").getBytes(StandardCharsets.UTF_8))).get();
            }
            byte[] tenMegabytes = post("huge", "#big " + "x".repeat(10 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("bad.posts", "huge", tenMegabytes)).get())
                .hasCauseInstanceOf(RecordTooLargeException.class);
            producer.send(new ProducerRecord<>("bad.posts", "after-huge",
                    post("after-huge", "#ok").getBytes(StandardCharsets.UTF_8))).get();

            List<String> keptIds = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                keptIds.addAll(next(kept));
                assertThat(keptIds).hasSize(6);
            });
            assertThat(keptIds).containsExactlyInAnyOrder("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "after-huge");

            Map<String, ConsumerRecord<String, String>> deadLetters = new java.util.HashMap<>();
            await().atMost(WAIT).untilAsserted(() -> {
                dead.poll(Duration.ofSeconds(1)).forEach(record -> deadLetters.put(record.key(), record));
                assertThat(deadLetters).containsOnlyKeys(bad.keySet());
            });
            assertThat(header(deadLetters.get("malformed"), DeadLetterHeaders.REASON)).startsWith("unreadable Post");
            assertThat(header(deadLetters.get("invalid-utf8"), DeadLetterHeaders.REASON)).contains("UTF-8");
            assertThat(header(deadLetters.get("missing"), DeadLetterHeaders.REASON))
                .contains("missing required field 'platform'");
            assertThat(header(deadLetters.get("version-0"), DeadLetterHeaders.REASON))
                .contains("field 'version' must be at least 1");
            assertThat(deadLetters.get("tombstone").value()).isNull();
            assertThat(header(deadLetters.get("tombstone"), DeadLetterHeaders.REASON)).startsWith("empty record");
            deadLetters.values().forEach(record -> assertThat(header(record, DeadLetterHeaders.ORIGINAL_TOPIC))
                .isEqualTo("bad.posts"));

            assertThat(log.getAll()).contains("sasl.jaas.config = [hidden]").doesNotContain(secret);
        }
    }

    private static String post(String id, String text) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\"}"
            .formatted(id, text);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** @return the keys of the records that arrive within a few seconds */
    private static List<String> next(KafkaConsumer<String, String> consumer) {
        List<String> keys = new ArrayList<>();
        consumer.poll(Duration.ofSeconds(3)).forEach(record -> keys.add(record.key()));
        return keys;
    }

    private static ConsumerRecord<String, String> nextRecord(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return !records.isEmpty();
        });
        return records.get(0);
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
