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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The filter on a real (embedded, KRaft) broker: a post id seen before a restart is still recognised after it, even
 * when the app comes back with an empty state directory (as a new pod would): the seen ids come back from the
 * changelog. Rules written to the rules topic apply without a redeploy; unreadable posts are dead-lettered with
 * their reason.
 */
@SpringJUnitConfig
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
                KafkaConsumer<String, String> kept = consumer("tagpulse.filtered-posts");
                KafkaConsumer<String, String> dead = consumer("tagpulse.dead-letter")) {
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

    private static String post(String id, String text) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\"}"
            .formatted(id, text);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
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

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
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
