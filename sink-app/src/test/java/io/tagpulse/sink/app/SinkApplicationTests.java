package io.tagpulse.sink.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.Topics;
import io.tagpulse.sink.HashtagCountRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SinkAppTest
class SinkApplicationTests {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Autowired
    private InputDestination input;

    @Autowired
    private HashtagCountRepository repository;

    @Autowired
    private MeterRegistry registry;

    private void send(String key, String json) {
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
            .setHeader(KafkaHeaders.RECEIVED_KEY, key.getBytes(StandardCharsets.UTF_8))
            .build(), Topics.HASHTAG_COUNTS);
    }

    private static String count(String tag, Instant start, long count) {
        return """
                {"tag":"%s","windowStart":"%s","windowEnd":"%s","count":%d,"extra":true}"""
            .formatted(tag, start, start.plusSeconds(1), count);
    }

    private double outcome(String outcome) {
        return registry.counter(SinkApplication.COUNTS_METRIC, "outcome", outcome).count();
    }

    @Test
    void shouldStoreValidCount() {
        double stored = outcome("stored");

        send("kafka", count("kafka", T0, 3));

        await().untilAsserted(() -> assertThat(repository.countAt("kafka", T0, 1000)).hasValue(3));
        assertThat(outcome("stored")).isEqualTo(stored + 1);
    }

    @Test
    void shouldReplaceCountWithLaterRecordAndNotCountRedeliveryTwice() {
        double stored = outcome("stored");

        send("java", count("java", T0, 2));
        send("java", count("java", T0, 5));
        send("java", count("java", T0, 5));

        await().untilAsserted(() -> assertThat(outcome("stored")).isEqualTo(stored + 3));
        assertThat(repository.countAt("java", T0, 1000)).hasValue(5);
        assertThat(repository.series("java", T0, T0.plusSeconds(1))).hasSize(1);
    }

    @Test
    void shouldRejectInvalidRecordsAndStoreTheNextValidOne() {
        double invalid = outcome("invalid");
        double stored = outcome("stored");

        send("broken", "{\"tag\":\"broken\"");
        send("zero", count("zero", T0, 0));
        send("long", count("l".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1), T0, 1));
        send("after", count("after", T0, 4));

        await().untilAsserted(() -> assertThat(repository.countAt("after", T0, 1000)).hasValue(4));
        assertThat(repository.countAt("broken", T0, 1000)).isEmpty();
        assertThat(repository.countAt("zero", T0, 1000)).isEmpty();
        assertThat(repository.topTags(T0, T0.plusSeconds(1), 100))
            .noneMatch(total -> total.tag().startsWith("lll"));
        assertThat(outcome("invalid")).isEqualTo(invalid + 3);
        assertThat(outcome("stored")).isEqualTo(stored + 1);
    }
}
