package io.tagpulse.sink.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.testing.TestPostgres;
import io.tagpulse.sink.TrendRepository;
import io.tagpulse.sink.Trends;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage on a real broker and a real PostgreSQL: the test stops the server while counts (new running
 * totals, new windows and replays of stored records) and a trend are sent, checks that the app stays live
 * and dead-letters nothing, restarts the server, and then finds every count stored exactly once with its final value.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tagpulse.sink.retention=0",
        "spring.cloud.stream.bindings.input.consumer.back-off-initial-interval=200",
        "spring.cloud.stream.bindings.input.consumer.back-off-max-interval=1000",
        "spring.cloud.stream.bindings.trends.consumer.back-off-initial-interval=200",
        "spring.cloud.stream.bindings.trends.consumer.back-off-max-interval=1000",
        "spring.datasource.hikari.connection-timeout=1000" })
@EmbeddedKafka(partitions = SinkDatabaseOutageIT.PARTITIONS, topics = { Topics.HASHTAG_COUNTS, Topics.TRENDS,
        Topics.TREND_MODERATION, Topics.DEAD_LETTER },
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers", brokerProperties = {
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4", "offsets.topic.num.partitions=4" })
@ExtendWith(OutputCaptureExtension.class)
// Slow: 100 s for the test method (305 s with PostgreSQL and the context) on the loaded 2-core machine.
@Tag("slow")
class SinkDatabaseOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final Instant T0 = Instant.parse("2026-07-01T12:00:00Z");

    private static final TrendUpdate TREND = Trends.started("outage1", T0.plusSeconds(600));

    private static final int TAGS = 20;

    static final int PARTITIONS = 4;

    /** The key of the unreadable records sent last, whose dead letters prove the sink got past everything else. */
    private static final String MARKER = "marker";

    private static final int WINDOWS = 10;

    private static final TestPostgres POSTGRES = TestPostgres.start(false);

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TrendRepository trends;

    @LocalServerPort
    private int port;

    private final Map<String, Long> expected = new HashMap<>();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = POSTGRES.createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "tagpulse");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopPostgres() {
        POSTGRES.close();
    }

    private static String count(String tag, int second, long count) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d}"""
            .formatted(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    /** Sends a running total per tag and window (keyed by tag, so a tag's records keep their order). */
    private void sendCounts(KafkaProducer<String, String> producer, int firstWindow, int windows, long base) {
        for (int t = 0; t < TAGS; t++) {
            String tag = "outage" + t;
            for (int w = firstWindow; w < firstWindow + windows; w++) {
                long value = base + t + w;
                producer.send(new ProducerRecord<>(Topics.HASHTAG_COUNTS, tag, count(tag, w, value)));
                expected.put(tag + "@" + w, value);
            }
        }
        producer.flush();
    }

    private Map<String, Long> stored() {
        Map<String, Long> rows = new HashMap<>();
        jdbc.query("SELECT tag, window_start, mention_count FROM hashtag_counts WHERE tag LIKE 'outage%'", rs -> {
            long second = rs.getObject("window_start", OffsetDateTime.class).toInstant().getEpochSecond()
                    - T0.getEpochSecond();
            rows.put(rs.getString("tag") + "@" + second, rs.getLong("mention_count"));
        });
        return rows;
    }

    private int liveness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
            .newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Sends an unreadable count and an unreadable trend to every partition, after everything sent before. */
    private static void sendMarkers(KafkaProducer<String, String> producer) {
        for (String topic : List.of(Topics.HASHTAG_COUNTS, Topics.TRENDS)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, MARKER, "{\"marker\":"));
            }
        }
        producer.flush();
    }

    /**
     * @return every dead letter on the topic, read until the dead letters of all the markers have arrived and then to
     *     the end of every partition: a dead letter of a record sent before the markers is among them
     */
    private List<ConsumerRecord<String, String>> deadLettersUntilTheMarkers() {
        return DeadLetterTopic.readUntil(broker.getBrokersAsString(), WAIT,
                found -> found.stream().filter(record -> MARKER.equals(record.key())).count() == 2 * PARTITIONS);
    }

    @Test
    void shouldStoreEveryCountExactlyOnceAfterTheDatabaseComesBack(CapturedOutput log) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer())) {
            sendCounts(producer, 0, WINDOWS, 1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(stored()).isEqualTo(expected));

            POSTGRES.stop();
            try {
                // New totals of the stored windows, new windows, and replays of the first totals then the new ones.
                sendCounts(producer, 0, WINDOWS, 100);
                sendCounts(producer, WINDOWS, WINDOWS, 1);
                sendCounts(producer, 0, WINDOWS, 1);
                sendCounts(producer, 0, WINDOWS, 1000);
                producer.send(new ProducerRecord<>(Topics.TRENDS, "global|outage1",
                        TagpulseJson.writeString(TREND)));
                producer.flush();

                // The sink retries while the database is away (a batch has failed twice), and stays live.
                await().atMost(WAIT).until(() -> log.getAll().contains("(attempt 2, database)"));
                assertThat(liveness()).isEqualTo(200);
            }
            finally {
                POSTGRES.restart();
            }

            // The app's pool reconnects on its own; until then the check itself may not get a connection.
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(stored()).isEqualTo(expected));
            assertThat(expected).hasSize(TAGS * WINDOWS * 2);
            await().atMost(WAIT).untilAsserted(() -> assertThat(trends.find(TREND.trendId())).contains(TREND));
            assertThat(liveness()).isEqualTo(200);
            // Nothing was dead-lettered: the markers sent after every record were, and nothing came before them.
            sendMarkers(producer);
            assertThat(deadLettersUntilTheMarkers()).extracting(ConsumerRecord::key).containsOnly(MARKER)
                .hasSize(2 * PARTITIONS);
        }
    }
}
