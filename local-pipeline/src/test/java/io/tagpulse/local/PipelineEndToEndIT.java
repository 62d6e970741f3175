package io.tagpulse.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The six apps as separate processes over one real Kafka broker and the embedded database: a fixed corpus with
 * known, out-of-order event times goes in through the HTTP source, and the exact count of every tag in every window
 * must come out in the database, and the same totals out of the dashboard's API (a process of its own, reading the
 * sink's H2 file). A malformed record in the middle lands in the dead-letter topic with its reason, and counting goes
 * on.
 */
class PipelineEndToEndIT {

    private static final long WINDOW_MILLIS = 1000;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(PipelineEndToEndIT.class);

    private static LocalPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = RUN.start(PipelineRun.options("e2e-").withArguments("counter", PipelineRun.CORPUS_COUNTER));
    }

    @Test
    void shouldCountEveryTagPerWindowExactlyAndDeadLetterMalformedRecords() throws Exception {
        // Event times in the last minute (never ahead of their posting: the processor would date such a post at its
        // arrival), each corpus shuffled over its 20 s: that disorder within a partition is what the counter's grace
        // (60 s here) must cover; windows close only once every partition is read past them.
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(50);
        Corpus first = new Corpus(11, "first-", base, 20_000, 400, WINDOW_MILLIS);
        Corpus second = new Corpus(12, "second-", base.plusSeconds(25), 20_000, 400, WINDOW_MILLIS);

        postBatch(first);
        byte[] malformed = "{\"id\":\"broken-1\",\"platform\":\"e2e\",\"text\":\"#java".getBytes(StandardCharsets.UTF_8);
        produceRaw(Topics.POSTS, "broken-1", malformed);
        postBatch(second);

        Map<String, Map<Long, Long>> expected = Corpus.merge(first, second);
        assertThat(expected).hasSizeGreaterThan(5);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(countsInDatabase()).isEqualTo(expected));
        Map<String, Long> totals = new java.util.TreeMap<>();
        expected.forEach((tag, windows) -> totals.put(tag, windows.values().stream().mapToLong(Long::longValue).sum()));
        assertThat(topTagsFromTheDashboard(base.minusSeconds(60), base.plusSeconds(120))).isEqualTo(totals);

        ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(30))
            .until(() -> deadLetter(malformed), Optional::isPresent)
            .orElseThrow();
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.POSTS);
        assertThat(header(dead, DeadLetterHeaders.REASON)).contains("unreadable Post");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("broken-1");
    }

    /** @return every tag's total in the range as the dashboard's query API answers it */
    private static Map<String, Long> topTagsFromTheDashboard(Instant from, Instant to) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.url("dashboard")
                + "/api/tags/top?limit=100&from=" + from + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Long> totals = new java.util.TreeMap<>();
        Matcher entry = Pattern.compile("\\{\"tag\":\"([^\"]+)\",\"display\":\"[^\"]*\",\"count\":(\\d+)}")
            .matcher(response.body());
        while (entry.find()) {
            totals.put(entry.group(1), Long.parseLong(entry.group(2)));
        }
        return totals;
    }

    private static void postBatch(Corpus corpus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.url("source") + "/posts"))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(corpus.ndjson()))
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":" + corpus.size());
    }

    private static void produceRaw(String topic, String key, byte[] value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }

    private static Optional<ConsumerRecord<byte[], byte[]>> deadLetter(byte[] value) {
        try (KafkaConsumer<byte[], byte[]> consumer = Observer.open(pipeline.bootstrapServers())) {
            var partitions = consumer.partitionsFor(Topics.DEAD_LETTER, Duration.ofSeconds(5)).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition()))
                .toList();
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            consumer.poll(Duration.ofSeconds(3)).forEach(seen::add);
            return seen.stream().filter(record -> java.util.Arrays.equals(record.value(), value)).findFirst();
        }
        catch (org.apache.kafka.common.errors.TimeoutException notYetCreated) {
            return Optional.empty();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Map<Long, Long>> countsInDatabase() throws Exception {
        return SinkDatabase.counts(pipeline.databaseUrl(), WINDOW_MILLIS);
    }
}
