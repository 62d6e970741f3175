package io.tagpulse.sink.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.TrendRepository;
import io.tagpulse.sink.Trends;
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
 * them in batch mode) and so do trends; moderation decisions arrive one by one.
 */
@SinkAppTest
class SinkApplicationTests {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static final String TRENDS_TOPIC = Topics.TRENDS;

    private static final String MODERATION_TOPIC = Topics.TREND_MODERATION;

    @Autowired
    private InputDestination input;

    @Autowired
    private HashtagCountRepository repository;

    @Autowired
    private TrendRepository trends;

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

    private void sendTrends(TrendUpdate... trends) {
        List<byte[]> values = new ArrayList<>();
        for (TrendUpdate trend : trends) {
            values.add(TagpulseJson.write(trend));
        }
        input.send(MessageBuilder.withPayload(values).build(), TRENDS_TOPIC);
    }

    private void sendDecision(String json, int partition, long offset) {
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
            .setHeader(KafkaHeaders.RECEIVED_PARTITION, partition)
            .setHeader(KafkaHeaders.OFFSET, offset)
            .build(), MODERATION_TOPIC);
    }

    @Test
    void shouldStoreTrendsWhereAnOlderRecordNeverOverwritesANewerOne() {
        double stored = outcome(SinkApplication.TRENDS_METRIC, "stored");
        Instant start = T0.plusSeconds(7200);
        TrendUpdate first = Trends.started("springboot", start);
        TrendUpdate hot = Trends.trend("global", "springboot", start, start.plusSeconds(30), TrendUpdate.HOT, 99);
        TrendUpdate other = Trends.started("kotlin", start);

        sendTrends(first, hot);
        sendTrends(first, other);

        await().untilAsserted(() -> assertThat(outcome(SinkApplication.TRENDS_METRIC, "stored"))
            .isEqualTo(stored + 4));
        assertThat(trends.find(first.trendId())).contains(hot);
        assertThat(trends.find(other.trendId())).contains(other);
    }

    @Test
    void shouldRejectInvalidTrendsAndStoreTheValidOnesOfTheSameBatch() {
        double invalid = outcome(SinkApplication.TRENDS_METRIC, "invalid");
        TrendUpdate valid = Trends.started("validtrend", T0);

        input.send(MessageBuilder.withPayload(List.of("{\"trendId\":".getBytes(StandardCharsets.UTF_8),
                "{\"trendId\":\"a\",\"status\":\"HOT\"}".getBytes(StandardCharsets.UTF_8),
                TagpulseJson.write(valid))).build(), TRENDS_TOPIC);

        await().untilAsserted(() -> assertThat(trends.find(valid.trendId())).contains(valid));
        assertThat(outcome(SinkApplication.TRENDS_METRIC, "invalid")).isEqualTo(invalid + 2);
    }

    @Test
    void shouldRecordEachModerationDecisionOnce() {
        double recorded = outcome(SinkApplication.MODERATION_METRIC, "recorded");
        double duplicate = outcome(SinkApplication.MODERATION_METRIC, "duplicate");
        String hide = """
                {"action":"HIDE","subject":"#Hidden","by":"alice","reason":"spam","at":"2026-05-01T10:00:00Z"}""";

        sendDecision(hide, 3, 17);
        sendDecision(hide, 3, 17);

        await().untilAsserted(() -> assertThat(outcome(SinkApplication.MODERATION_METRIC, "duplicate"))
            .isEqualTo(duplicate + 1));
        assertThat(outcome(SinkApplication.MODERATION_METRIC, "recorded")).isEqualTo(recorded + 1);
        assertThat(jdbc.queryForObject("SELECT decision_key FROM moderation_decisions WHERE source_partition = 3 AND "
                + "source_offset = 17", String.class)).isEqualTo("tag:hidden");
    }

    @Test
    void shouldRejectAnInvalidModerationDecision() {
        double invalid = outcome(SinkApplication.MODERATION_METRIC, "invalid");
        double recorded = outcome(SinkApplication.MODERATION_METRIC, "recorded");

        sendDecision("{\"action\":\"DELETE\",\"subject\":\"x\",\"by\":\"a\",\"at\":\"2026-05-01T10:00:00Z\"}", 3, 18);
        sendDecision("{\"action\":\"UNHIDE\",\"subject\":\"x\",\"by\":\"a\",\"at\":\"2026-05-01T10:00:00Z\"}", 3, 19);

        await().untilAsserted(() -> assertThat(outcome(SinkApplication.MODERATION_METRIC, "recorded"))
            .isEqualTo(recorded + 1));
        assertThat(outcome(SinkApplication.MODERATION_METRIC, "invalid")).isEqualTo(invalid + 1);
    }
}
