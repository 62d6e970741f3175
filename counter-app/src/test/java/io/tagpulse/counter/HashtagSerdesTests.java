package io.tagpulse.counter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HashtagSerdesTests {

    private static final String TOPIC = "tagpulse.hashtags";

    private final HashtagsTopicSerde mentions = new HashtagsTopicSerde();

    private final HashtagCountSerde counts = new HashtagCountSerde();

    private static String text(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripAMention() {
        HashtagMention mention = new HashtagMention("kafka", "Kafka", "p1", "bluesky", null,
                Instant.parse("2026-01-01T00:00:00.5Z"));

        byte[] json = mentions.serializer().serialize(TOPIC, mention);

        assertThat(mentions.deserializer().deserialize(TOPIC, new RecordHeaders(), json)).isEqualTo(mention);
    }

    @Test
    void shouldWriteACountAsContractJson() {
        HashtagCount count = new HashtagCount("kafka", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), 3);

        byte[] json = counts.serializer().serialize("tagpulse.hashtag-counts", count);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"tag\":\"kafka\",\"windowStart\":\"2026-01-01T00:00:00Z\",\"windowEnd\":\"2026-01-01T00:00:01Z\","
                        + "\"count\":3}");
        assertThat(counts.deserializer().deserialize("tagpulse.hashtag-counts", json)).isEqualTo(count);
    }

    @Test
    void shouldRejectAnUnreadableMentionAndLeaveTheReasonInItsHeaders() {
        Headers headers = new RecordHeaders();
        byte[] broken = "{\"tag\":".getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(InvalidRecordException.class)
            .isThrownBy(() -> mentions.deserializer().deserialize(TOPIC, headers, broken))
            .withMessageContaining("unreadable HashtagMention");
        assertThat(text(headers, DeadLetterHeaders.REASON)).startsWith("unreadable HashtagMention");
        assertThat(text(headers, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(TOPIC);
    }

    @Test
    void shouldRejectAMentionWithoutEventTime() {
        byte[] json = "{\"tag\":\"kafka\",\"display\":\"kafka\",\"postId\":\"p\",\"platform\":\"test\"}"
            .getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(InvalidRecordException.class)
            .isThrownBy(() -> mentions.deserializer().deserialize(TOPIC, new RecordHeaders(), json))
            .withMessageContaining("eventTime");
    }

    @Test
    void shouldRejectATombstoneAsNoMention() {
        assertThatExceptionOfType(InvalidRecordException.class)
            .isThrownBy(() -> mentions.deserializer().deserialize(TOPIC, new RecordHeaders(), (byte[]) null));
    }

    @Test
    void shouldKeepASingleReasonHeaderWhenRejectedAgain() {
        Headers headers = new RecordHeaders();
        byte[] broken = "[]".getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(InvalidRecordException.class)
                .isThrownBy(() -> mentions.deserializer().deserialize(TOPIC, headers, broken));
        }
        assertThat(headers.headers(DeadLetterHeaders.REASON)).hasSize(1);
    }

    /** The binder creates the serdes named in its binding properties from their class names. */
    @Test
    void shouldBeCreatableFromTheirClassNames() throws Exception {
        assertThat(Utils.newInstance(HashtagsTopicSerde.class.getName(), Serde.class))
            .isInstanceOf(HashtagsTopicSerde.class);
        assertThat(Utils.newInstance(HashtagCountSerde.class.getName(), Serde.class))
            .isInstanceOf(HashtagCountSerde.class);
    }
}
