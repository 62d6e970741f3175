package io.tagpulse.sink.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.TrendingRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The function beans on the test binder and an in-memory H2: counts arrive in batches (as the Kafka binder delivers
 * them in batch mode), trending rankings one by one.
 */
@SinkAppTest
class SinkApplicationTests {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static final String TRENDING_TOPIC = "tagpulse.trending";

    @Autowired
    private InputDestination input;

    @Autowired
    private HashtagCountRepository repository;

    @Autowired
    private TrendingRepository trending;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private JdbcTemplate jdbc;

    /** Sends the records as one batch, as the Kafka binder does: a list payload and list headers. */
    private void sendBatch(String... keysAndValues) {
        List<byte[]> values = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.add(keysAndValues[i].getBytes(StandardCharsets.UTF_8));
            values.add(keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        input.send(MessageBuilder.withPayload(values).setHeader(KafkaHeaders.RECEIVED_KEY, keys).build(),
                Topics.HASHTAG_COUNTS);
    }

    private void sendTrending(String json) {
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build(), TRENDING_TOPIC);
    }

    private static String count(String tag, Instant start, long count) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d,"extra":true}"""
            .formatted(tag, start, start.plusSeconds(1), count);
    }

    private static String count(String tag, Instant start, long count, String display) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d,"display":"%s"}"""
            .formatted(tag, start, start.plusSeconds(1), count, display);
    }

    /** @return how many rows of any window have a tag LIKE the pattern */
    private int rows(String tagPattern) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hashtag_counts WHERE tag LIKE ?", Integer.class, tagPattern);
    }

    private double outcome(String metric, String outcome) {
        return registry.counter(metric, "outcome", outcome).count();
    }

    private double outcome(String outcome) {
        return outcome(SinkApplication.COUNTS_METRIC, outcome);
    }

    @Test
    void shouldStoreValidCount() {
        double stored = outcome("stored");

        sendBatch("kafka", count("kafka", T0, 3));

        await().untilAsserted(() -> assertThat(repository.countAt("kafka", T0, 1000)).hasValue(3));
        assertThat(outcome("stored")).isEqualTo(stored + 1);
    }

    @Test
    void shouldStoreTheLastCountOfEachWindowInABatchAndNotCountRedeliveryTwice() {
        double stored = outcome("stored");

        sendBatch("java", count("java", T0, 2), "java", count("java", T0, 5), "scala", count("scala", T0, 1),
                "java", count("java", T0.plusSeconds(1), 7));
        sendBatch("java", count("java", T0, 5));

        await().untilAsserted(() -> assertThat(outcome("stored")).isEqualTo(stored + 5));
        assertThat(repository.countAt("java", T0, 1000)).hasValue(5);
        assertThat(repository.countAt("java", T0.plusSeconds(1), 1000)).hasValue(7);
        assertThat(repository.countAt("scala", T0, 1000)).hasValue(1);
        assertThat(rows("java")).isEqualTo(2);
    }

    @Test
    void shouldKeepTheLatestDisplayFormWhenLaterCountsHaveNone() {
        Instant start = T0.plusSeconds(100);

        sendBatch("rust", count("rust", start, 1, "Rust"), "rust", count("rust", start, 2));
        await().untilAsserted(() -> assertThat(repository.countAt("rust", start, 1000)).hasValue(2));
        assertThat(repository.displayAt("rust", start, 1000)).hasValue("Rust");

        sendBatch("rust", count("rust", start, 3));
        await().untilAsserted(() -> assertThat(repository.countAt("rust", start, 1000)).hasValue(3));
        assertThat(repository.displayAt("rust", start, 1000)).hasValue("Rust");
    }

    @Test
    void shouldRejectInvalidRecordsAndStoreTheValidOnesOfTheSameBatch() {
        double invalid = outcome("invalid");
        double stored = outcome("stored");

        sendBatch("before", count("before", T0, 2), "broken", "{\"tag\":\"broken\"", "zero", count("zero", T0, 0),
                "long", count("l".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1), T0, 1),
                "after", count("after", T0, 4));

        await().untilAsserted(() -> assertThat(repository.countAt("after", T0, 1000)).hasValue(4));
        assertThat(repository.countAt("before", T0, 1000)).hasValue(2);
        assertThat(repository.countAt("broken", T0, 1000)).isEmpty();
        assertThat(repository.countAt("zero", T0, 1000)).isEmpty();
        assertThat(rows("lll%")).isZero();
        assertThat(outcome("invalid")).isEqualTo(invalid + 3);
        assertThat(outcome("stored")).isEqualTo(stored + 2);
    }

    @Test
    void shouldStoreTrendingRanking() {
        double stored = outcome(SinkApplication.TRENDING_METRIC, "stored");
        Instant start = T0.plusSeconds(3600);
        TrendingTags ranking = new TrendingTags(start, start.plusSeconds(60), 2,
                List.of(new TagTrend("spring", 40, 2.5, 11.0), new TagTrend("boot", 12, 1.0, 6.5)));

        sendTrending("""
                {"windowStart":"%s","windowEnd":"%s","partitions":2,"tags":[
                {"tag":"spring","count":40,"baseline":2.5,"score":11.0},
                {"tag":"boot","count":12,"baseline":1.0,"score":6.5}],"extra":1}""".formatted(start,
                start.plusSeconds(60)));

        await().untilAsserted(() -> assertThat(trending.latest()).contains(ranking));
        assertThat(outcome(SinkApplication.TRENDING_METRIC, "stored")).isEqualTo(stored + 1);
    }

    @Test
    void shouldRejectInvalidTrendingRanking() {
        double invalid = outcome(SinkApplication.TRENDING_METRIC, "invalid");

        sendTrending("{\"windowStart\":\"2026-05-01T10:00:00Z\",\"partitions\":1,\"tags\":[]}");
        sendTrending("not json");

        await().untilAsserted(() -> assertThat(outcome(SinkApplication.TRENDING_METRIC, "invalid"))
            .isEqualTo(invalid + 2));
    }
}
