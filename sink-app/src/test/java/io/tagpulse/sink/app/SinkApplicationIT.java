package io.tagpulse.sink.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.ModerationRepository;
import io.tagpulse.sink.TrendRepository;
import io.tagpulse.sink.Trends;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app on the Kafka binder against an embedded single-node KRaft broker: counts written in Kafka transactions are
 * stored once committed (read committed) in batches, an invalid record goes to the dead-letter topic with its reason
 * and origin while the valid ones around it are stored, trends and moderation decisions are stored, and a database failure is
 * retried until the database is back instead of being dead-lettered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tagpulse.sink.retention=0",
        "spring.datasource.url=jdbc:h2:mem:sink-it;DB_CLOSE_DELAY=-1",
        "spring.cloud.stream.bindings.input.consumer.back-off-initial-interval=100",
        "spring.cloud.stream.bindings.input.consumer.back-off-max-interval=500" })
@EmbeddedKafka(partitions = 4, topics = { Topics.HASHTAG_COUNTS, Topics.TRENDS,
        Topics.TREND_MODERATION, Topics.DEAD_LETTER },
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers", brokerProperties = {
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4", "offsets.topic.num.partitions=4" })
@ExtendWith(OutputCaptureExtension.class)
class SinkApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private HashtagCountRepository repository;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TrendRepository trends;

    @Autowired
    private ModerationRepository moderation;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void startProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-it-" + System.nanoTime()), new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    private static String count(String tag, long count) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d}"""
            .formatted(tag, T0, T0.plusSeconds(1), count);
    }

    private static String count(String tag, int second, long count) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d}"""
            .formatted(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    /** Sends the records to partition 0, in order, in one transaction that commits or aborts. */
    private void sendInTransaction(boolean commit, String... keysAndValues) {
        sendInTransaction(Topics.HASHTAG_COUNTS, commit, keysAndValues);
    }

    private void sendInTransaction(String topic, boolean commit, String... keysAndValues) {
        producer.beginTransaction();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            producer.send(new ProducerRecord<>(topic, 0, keysAndValues[i], keysAndValues[i + 1]));
        }
        if (commit) {
            producer.commitTransaction();
        }
        else {
            producer.abortTransaction();
        }
    }

    private List<ConsumerRecord<String, String>> deadLetters(String key, Duration wait, int expected) {
        return DeadLetterTopic.withKey(broker.getBrokersAsString(), wait, key, expected);
    }

    /**
     * @return every dead letter on the topic, read until the marker's has arrived and then to the end of every
     *     partition: a dead letter sent before the marker's is among them
     */
    private List<ConsumerRecord<String, String>> deadLettersUntil(String markerKey) {
        return DeadLetterTopic.readUntil(broker.getBrokersAsString(), WAIT,
                found -> found.stream().anyMatch(record -> markerKey.equals(record.key())));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldStoreCommittedCountsAndSkipAbortedOnes() {
        sendInTransaction(false, "aborted", count("aborted", 9));
        sendInTransaction(true, "committed", count("committed", 2), "committed", count("committed", 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(repository.countAt("committed", T0, 1000)).hasValue(3));
        assertThat(repository.countAt("aborted", T0, 1000)).isEmpty();
    }

    @Test
    void shouldDeadLetterInvalidRecordWithItsReasonAndStoreTheNext() {
        sendInTransaction(true, "invalid", "{\"tag\":\"invalid\",\"count\":", "valid", count("valid", 4));

        await().atMost(WAIT).untilAsserted(() -> assertThat(repository.countAt("valid", T0, 1000)).hasValue(4));
        List<ConsumerRecord<String, String>> deadLetters = deadLetters("invalid", WAIT, 1);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, String> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.value()).isEqualTo("{\"tag\":\"invalid\",\"count\":");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).startsWith("unreadable HashtagCount");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.HASHTAG_COUNTS);
    }

    @Test
    void shouldRetryDuringDatabaseOutageAndNeverDeadLetter(CapturedOutput log) {
        jdbc.execute("ALTER TABLE hashtag_counts RENAME TO hashtag_counts_away");
        try {
            // The marker after it on the same partition: unreadable, so it is dead-lettered once the sink gets past
            // the outage record, and its dead letter proves the sink got that far.
            sendInTransaction(true, "outage", count("outage", 5), "outage-marker", "{\"tag\":");
            // The batch fails and is tried again while the table is away: it must not be skipped.
            await().atMost(WAIT).until(() -> log.getAll().contains("(attempt 2, database)"));
        }
        finally {
            jdbc.execute("ALTER TABLE hashtag_counts_away RENAME TO hashtag_counts");
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(repository.countAt("outage", T0, 1000)).hasValue(5));
        assertThat(deadLettersUntil("outage-marker")).extracting(ConsumerRecord::key).doesNotContain("outage")
            .contains("outage-marker");
    }

    @Test
    void shouldStoreABatchAndDeadLetterEachInvalidRecordOfItWithItsOrigin() {
        List<String> records = new ArrayList<>();
        for (int second = 0; second < 300; second++) {
            records.add("batch");
            records.add(count("batch", second, second + 1));
            if (second % 100 == 50) {
                records.add("batch-invalid");
                records.add("{\"tag\":\"batch\",\"windowStart\":\"" + T0 + "\",\"count\":" + second + "}");
            }
        }
        sendInTransaction(true, records.toArray(String[]::new));

        await().atMost(WAIT).untilAsserted(() -> {
            Map<Long, Long> stored = new java.util.TreeMap<>();
            jdbc.query("SELECT window_start, mention_count FROM hashtag_counts WHERE tag = 'batch'", rs -> {
                stored.put(rs.getObject("window_start", java.time.OffsetDateTime.class).toEpochSecond()
                        - T0.getEpochSecond(), rs.getLong("mention_count"));
            });
            assertThat(stored).hasSize(300).allSatisfy((second, count) -> assertThat(count).isEqualTo(second + 1));
        });
        List<ConsumerRecord<String, String>> deadLetters = deadLetters("batch-invalid", WAIT, 3);
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters).extracting(ConsumerRecord::value)
            .allSatisfy(value -> assertThat(value).contains("\"tag\":\"batch\""));
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("invalid HashtagCount: missing required field 'windowEnd'");
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.HASHTAG_COUNTS);
            assertThat(header(deadLetter, "x-original-partition")).isNotNull();
            assertThat(header(deadLetter, "x-original-offset")).isNotNull();
        });
    }

    @Test
    void shouldStoreTrendsAndModerationAndDeadLetterAnInvalidTrend() {
        Instant start = T0.plusSeconds(3600);
        TrendUpdate first = Trends.started("kafka", start);
        TrendUpdate hot = Trends.trend("global", "kafka", start, start.plusSeconds(20), TrendUpdate.HOT, 70);
        sendInTransaction(Topics.TRENDS, true, "bad-trend", """
                {"trendId":"global|kafka|1","scope":"global","status":"HOT","peakPerMinute":1,"mentions":1,
                "authors":1,"expected":1.0,"score":1.0,"perMinute":1,"moderated":false}""",
                "global|kafka", TagpulseJson.writeString(hot), "global|kafka", TagpulseJson.writeString(first));
        sendInTransaction(Topics.TREND_MODERATION, true, "tag:kafka", """
                {"action":"HIDE","subject":"kafka","by":"alice","reason":"","at":"%s"}""".formatted(start));

        await().atMost(WAIT).untilAsserted(() -> assertThat(trends.find(first.trendId())).contains(hot));
        await().atMost(WAIT).untilAsserted(() -> assertThat(moderation.latest("tag:kafka"))
            .hasValueSatisfying(decision -> assertThat(decision.by()).isEqualTo("alice")));
        List<ConsumerRecord<String, String>> deadLetters = deadLetters("bad-trend", WAIT, 1);
        assertThat(deadLetters).hasSize(1);
        assertThat(header(deadLetters.get(0), DeadLetterHeaders.REASON)).startsWith("invalid TrendUpdate")
            .contains("'tag'").contains("'startedAt'");
        assertThat(header(deadLetters.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.TRENDS);
    }
}
