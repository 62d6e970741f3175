package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import static org.awaitility.Awaitility.await;

/**
 * The processor on a real (embedded, KRaft) broker: every post it cannot read reaches the dead-letter topic as it
 * came, with the reason in {@code x-exception-message} and its origin in {@code x-original-topic}, while the valid
 * posts around it (one without a key) are split; a SASL password in the binder's configuration is never logged.
 */
@SpringJUnitConfig
@ExtendWith(OutputCaptureExtension.class)
@EmbeddedKafka(partitions = 1)
class ProcessorApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static byte[] post(String id, String text, String extra) {
        return ("{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\"%s}"
            .formatted(id, text, extra)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterEachUnreadablePostWithItsReasonAndKeepSplitting(CapturedOutput log) throws Exception {
        String secret = "kafka-pass-" + System.nanoTime();
        app = new SpringApplicationBuilder(ProcessorApplication.class).run(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                // Ignored on a PLAINTEXT connection, but configured (and so logged) like a real secret.
                "--spring.cloud.stream.kafka.binder.configuration.sasl.mechanism=PLAIN",
                "--spring.cloud.stream.kafka.binder.configuration.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                        + "password=\"" + secret + "\";");
        byte[] invalidUtf8 = post("utf8", "#caf\u00e9", "");
        invalidUtf8[new String(invalidUtf8, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("malformed", "{\"id\":".getBytes(StandardCharsets.UTF_8));
        bad.put("invalid-utf8", invalidUtf8);
        bad.put("missing", "{\"id\":\"missing\",\"text\":\"#a\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("wrong-type", post("wrong", "#a", ",\"hashtags\":7"));
        bad.put("version-0", post("v0", "#a", ",\"version\":0"));
        bad.put("array", ("[" + new String(post("a1", "#a", ""), StandardCharsets.UTF_8) + "]")
            .getBytes(StandardCharsets.UTF_8));

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer());
                KafkaConsumer<String, byte[]> mentions = committedConsumer(broker.getBrokersAsString(),
                        "tagpulse.hashtags", new ByteArrayDeserializer());
                KafkaConsumer<String, byte[]> dead = committedConsumer(broker.getBrokersAsString(),
                        "tagpulse.dead-letter", new ByteArrayDeserializer())) {
            int n = 0;
            List<Long> arrivals = new ArrayList<>();
            Map<Integer, Long> marks = new HashMap<>();
            long createdAt = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
            for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
                producer.send(new ProducerRecord<>("tagpulse.filtered-posts", entry.getKey(), entry.getValue())).get();
                RecordMetadata ok = producer.send(new ProducerRecord<>("tagpulse.filtered-posts", null,
                        post("ok-" + n++, "#ok", ""))).get();
                arrivals.add(ok.timestamp());
                marks.put(ok.partition(), createdAt);
            }

            List<ConsumerRecord<String, byte[]>> mentionRecords = new ArrayList<>();
            Map<Integer, Watermark> watermarks = new HashMap<>();
            await().atMost(WAIT).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : mentions.poll(Duration.ofSeconds(1))) {
                    if (record.headers().lastHeader(Watermark.HEADER) == null) {
                        mentionRecords.add(record);
                    }
                    else {
                        assertThat(record.key()).isNull();
                        watermarks.put(record.partition(), TagpulseJson.readWatermark(record.value()));
                    }
                }
                assertThat(mentionRecords).hasSize(bad.size());
                // The processor's watermark reaches every partition of the hashtags topic: every counter task
                // hears how far each input partition (4, as the binder creates them) is read, mentions or not.
                assertThat(watermarks).hasSize(4).allSatisfy((partition, watermark) -> assertThat(watermark)
                    .isEqualTo(new Watermark(4, marks, Set.of())));
            });
            assertThat(mentionRecords).extracting(record -> TagpulseJson.readMention(record.value()).postId())
                .containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "ok-5");
            // Keyed by the tag; the JSON value as the function wrote it, without framework headers; the post's
            // arrival time as the record's timestamp.
            assertThat(mentionRecords).allSatisfy(record -> {
                assertThat(record.key()).isEqualTo("ok");
                assertThat(record.headers().toArray()).isEmpty();
            });
            assertThat(mentionRecords).extracting(ConsumerRecord::timestamp).isEqualTo(arrivals);

            Map<String, ConsumerRecord<String, byte[]>> deadLetters = new HashMap<>();
            await().atMost(WAIT).untilAsserted(() -> {
                dead.poll(Duration.ofSeconds(1)).forEach(record -> deadLetters.put(record.key(), record));
                assertThat(deadLetters).containsOnlyKeys(bad.keySet());
            });
            bad.forEach((key, value) -> {
                ConsumerRecord<String, byte[]> record = deadLetters.get(key);
                assertThat(record.value()).as(key).isEqualTo(value);
                assertThat(header(record, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("tagpulse.filtered-posts");
                assertThat(record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION).value()).hasSize(4);
                assertThat(record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).hasSize(8);
                assertThat(header(record, DeadLetterHeaders.EXCEPTION_CLASS)).endsWith("InvalidRecordException");
            });
            assertThat(header(deadLetters.get("malformed"), DeadLetterHeaders.REASON)).contains("unreadable Post");
            assertThat(header(deadLetters.get("invalid-utf8"), DeadLetterHeaders.REASON)).contains("UTF-8");
            assertThat(header(deadLetters.get("missing"), DeadLetterHeaders.REASON))
                .contains("missing required field 'platform'");
            assertThat(header(deadLetters.get("wrong-type"), DeadLetterHeaders.REASON)).contains("hashtags");
            assertThat(header(deadLetters.get("version-0"), DeadLetterHeaders.REASON))
                .contains("field 'version' must be at least 1");
            assertThat(header(deadLetters.get("array"), DeadLetterHeaders.REASON))
                .contains("expected a JSON object, got an array");
        }
        assertThat(log.getAll()).contains("sasl.jaas.config = [hidden]").doesNotContain(secret);
    }
}
