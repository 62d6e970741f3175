package io.tagpulse.counter.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.contracts.Topics;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static io.tagpulse.testing.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The app as deployed by Data Flow for a stream named {@code trends}, on the Kafka Streams binder against an
 * embedded single-node KRaft broker: mentions in, exactly-once counts out (read committed), an unreadable mention
 * to the dead-letter topic with its reason, everything else still counted, and a surge out as trends.
 */
// Bounded above the default of junit-platform.properties: three waits of a minute at most.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.cloud.dataflow.stream.name=trends",
        "tagpulse.counter.commit-interval=100ms",
        // Trend rules scaled down to seconds, so that a handful of mentions trends.
        "tagpulse.counter.trend.short-horizon=10s", "tagpulse.counter.trend.bucket=1s",
        "tagpulse.counter.trend.author-bucket=1s", "tagpulse.counter.trend.long-horizon=20s",
        "tagpulse.counter.trend.baseline-bucket=1s", "tagpulse.counter.trend.warm-up=1s",
        "tagpulse.counter.trend.min-mentions=3", "tagpulse.counter.trend.min-authors=2",
        "tagpulse.counter.trend.enter-score=2", "tagpulse.counter.trend.exit-score=1",
        "tagpulse.counter.trend.refresh=1s",
        "spring.cloud.stream.kafka.streams.binder.configuration.state.dir=target/it-kafka-streams-${random.uuid}" })
@EmbeddedKafka(bootstrapServersProperty = "spring.cloud.stream.kafka.streams.binder.brokers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4", "offsets.topic.num.partitions=4" })
class CounterApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private ApplicationContext context;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void startProducer() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(config);
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    private StreamsBuilderFactoryBean streams() {
        return context.getBean("&stream-builder-countHashtags", StreamsBuilderFactoryBean.class);
    }

    private void send(String tag, String json) {
        producer.send(new ProducerRecord<>(Topics.HASHTAGS, tag, json));
    }

    private void sendMention(String tag, Instant eventTime) {
        send(tag, TagpulseJson.writeString(new HashtagMention(tag, tag, "p" + eventTime.toEpochMilli(), "test", "en",
                eventTime)));
    }

    private <V> KafkaConsumer<String, V> consumer(String group, Deserializer<V> values) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    @Test
    void shouldCountMentionsExactlyOnceAndDeadLetterTheUnreadableAndATombstone() throws Exception {
        Instant window = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        sendMention("kafka", window.plusMillis(100));
        sendMention("java", window.plusMillis(200));
        sendMention("kafka", window.plusMillis(300));
        send("kafka", "{\"tag\":\"kafka\",\"oops");
        // A tombstone: an empty record, dead-lettered as one (a null value), not a stalled task.
        send("kafka", null);
        sendMention("kafka", window.plusMillis(999));
        sendMention("kafka", window.plusMillis(1_000));
        producer.flush();

        Map<String, Long> expected = Map.of("kafka@" + window, 3L, "java@" + window, 1L,
                "kafka@" + window.plusSeconds(1), 1L);
        Map<String, Long> last = new LinkedHashMap<>();
        try (KafkaConsumer<String, HashtagCount> counts = consumer("counter-it-counts", new HashtagCountSerde().deserializer())) {
            counts.subscribe(List.of(Topics.HASHTAG_COUNTS));
            await().atMost(WAIT).untilAsserted(() -> {
                for (ConsumerRecord<String, HashtagCount> record : counts.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo(record.value().tag());
                    // The 1-minute hopping windows share the topic; the sink tells them apart by size too.
                    if (record.value().windowEnd().equals(record.value().windowStart().plusSeconds(1))) {
                        last.put(record.key() + "@" + record.value().windowStart(), record.value().count());
                    }
                }
                assertThat(last).isEqualTo(expected);
            });
        }

        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> dlq = consumer("counter-it-dead-letters", new ByteArrayDeserializer())) {
            dlq.subscribe(List.of(Topics.DEAD_LETTER));
            await().atMost(WAIT).untilAsserted(() -> {
                // The moderation test's dead letter shares the topic.
                dlq.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (Topics.HASHTAGS.equals(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC))) {
                        deadLetters.add(record);
                    }
                });
                assertThat(deadLetters).hasSize(2);
            });
        }
        ConsumerRecord<String, byte[]> tombstone = deadLetters.stream().filter(record -> record.value() == null)
            .findFirst().orElseThrow();
        assertThat(tombstone.key()).isEqualTo("kafka");
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, DeadLetterHeaders.REASON)).startsWith("empty record");
        assertThat(header(tombstone, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.HASHTAGS);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.stream().filter(record -> record.value() != null)
            .findFirst().orElseThrow();
        assertThat(deadLetter.key()).isEqualTo("kafka");
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"tag\":\"kafka\",\"oops");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).startsWith("unreadable HashtagMention");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.HASHTAGS);
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("unreadable HashtagMention");
        assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.HASHTAGS);

        // The processor's watermark, on every partition, says its one input partition is read 12 s past the
        // window: the windows close and the trend stage judges its first refresh (nothing trends yet: warm-up).
        sendWatermark(window.plusSeconds(12));
        // Then a surge of the same tag (its task has observed since the window) by three authors, and the
        // watermark past it: kafka trends in every scope of its mentions.
        for (int i = 0; i < 6; i++) {
            send("kafka", TagpulseJson.writeString(new HashtagMention("kafka", "Kafka", "s" + i, "test", "en",
                    window.plusSeconds(20).plusMillis(150L * i), "author" + i % 3, List.of("streams"))));
        }
        sendWatermark(window.plusSeconds(22));
        Map<String, TrendUpdate> trends = new HashMap<>();
        try (KafkaConsumer<String, TrendUpdate> trendTopic = consumer("counter-it-trends",
                new TrendUpdateSerde().deserializer())) {
            trendTopic.subscribe(List.of("trends.trends"));
            await().atMost(WAIT).untilAsserted(() -> {
                trendTopic.poll(Duration.ofMillis(200)).forEach(record -> trends.put(record.key(), record.value()));
                assertThat(trends).containsOnlyKeys("global|kafka", "language:en|kafka", "platform:test|kafka");
            });
        }
        assertThat(trends.values()).allSatisfy(trend -> {
            assertThat(trend.status()).isEqualTo(TrendUpdate.RISING);
            assertThat(trend.startedAt()).isEqualTo(window.plusSeconds(22));
            assertThat(trend.trendId()).endsWith("|kafka|" + window.plusSeconds(22).toEpochMilli());
            assertThat(trend.mentions()).isEqualTo(6);
            assertThat(trend.authors()).isEqualTo(3);
            assertThat(trend.related()).extracting(RelatedTag::tag).containsExactly("streams");
        });

        assertThat(streams().getKafkaStreams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private void sendWatermark(Instant mark) {
        String watermark = TagpulseJson.writeString(new Watermark(1, Map.of(0, mark.toEpochMilli()), Set.of()));
        for (int partition = 0; partition < 4; partition++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.HASHTAGS, partition, null, watermark);
            record.headers().add(Watermark.HEADER, new byte[] { '1' });
            producer.send(record);
        }
        producer.flush();
    }

    @Test
    void shouldDeadLetterAnUnreadableModerationDecision() {
        producer.send(new ProducerRecord<>("trends.trend-moderation", "tag:x", "{\"action\":\"BAN\"}"));
        producer.flush();
        try (KafkaConsumer<String, byte[]> dlq = consumer("counter-it-moderation-dead-letters",
                new ByteArrayDeserializer())) {
            dlq.subscribe(List.of(Topics.DEAD_LETTER));
            List<ConsumerRecord<String, byte[]>> fromModeration = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> {
                    if ("tag:x".equals(record.key())) {
                        fromModeration.add(record);
                    }
                });
                assertThat(fromModeration).hasSize(1);
            });
            assertThat(new String(fromModeration.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"action\":\"BAN\"}");
            assertThat(header(fromModeration.get(0), KafkaHeaders.DLT_ORIGINAL_TOPIC))
                .isEqualTo("trends.trend-moderation");
            assertThat(header(fromModeration.get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .contains("field 'action' must be BLOCK_LIST, HIDE or UNHIDE");
        }
        // The global table skipped it and the app runs on.
        await().atMost(WAIT).until(() -> streams().getKafkaStreams().state() == KafkaStreams.State.RUNNING);
    }

    @Test
    void shouldRunUnderAnApplicationIdDerivedFromTheStreamName() throws Exception {
        Properties config = streams().getStreamsConfiguration();
        assertThat(config.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("trends-counter");
        assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            // The state store's changelog is named after the application id Kafka Streams really runs with.
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                .contains("trends-counter-" + "window-tallies-changelog"));
            Map<String, Integer> partitions = new HashMap<>();
            admin.describeTopics(List.of(Topics.HASHTAGS, Topics.HASHTAG_COUNTS, Topics.DEAD_LETTER))
                .allTopicNames()
                .get()
                .forEach((name, description) -> partitions.put(name, description.partitions().size()));
            assertThat(partitions).allSatisfy((name, count) -> assertThat(count).as(name).isGreaterThanOrEqualTo(4));
        }
    }
}
