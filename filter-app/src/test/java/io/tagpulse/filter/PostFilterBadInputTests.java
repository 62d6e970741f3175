package io.tagpulse.filter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.InvalidRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

import static io.tagpulse.testing.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad post on the filter's topology, with the deserialization handler the binder's {@code sendToDlq}
 * installs (Spring Kafka's recovering handler, here with a recoverer that records what it would publish): every
 * rejected post reaches the dead-letter recoverer with its reason and topic in the headers, and a valid post sent
 * right after it is still kept.
 */
class PostFilterBadInputTests {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static final int MAX_HASHTAGS = 15;

    private final List<ConsumerRecord<?, ?>> deadLetters = new ArrayList<>();

    private final List<Exception> reasons = new ArrayList<>();

    private final RecordingListener listener = new RecordingListener();

    private TopologyTestDriver driver;

    private TestInputTopic<String, byte[]> posts;

    private TestOutputTopic<String, byte[]> kept;

    private int sequence;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        FilterRules rules = new FilterRules(Set.of(), true, true, true, MAX_HASHTAGS, Set.of());
        PostFilterTopology.build(
                builder.stream("posts", Consumed.with(Serdes.String(), new PostRecordSerde())),
                builder.globalTable("rules", Consumed.with(Serdes.String(), Serdes.String())),
                new PostFilter(rules, new HashtagExtractor()), Duration.ofMinutes(10), "dead-letters",
                listener)
            .to("kept", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "filter-bad-input");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RecoveringDeserializationExceptionHandler.class);
        config.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER,
                (org.springframework.kafka.listener.ConsumerRecordRecoverer) (record, exception) -> {
                    deadLetters.add(record);
                    reasons.add(exception);
                });
        driver = new TopologyTestDriver(builder.build(), config);
        posts = driver.createInputTopic("posts", new StringSerializer(), new ByteArraySerializer());
        kept = driver.createOutputTopic("kept", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static String post(String id, String text, String extra) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\"%s}"
            .formatted(id, text, extra);
    }

    private void send(String key, byte[] value) {
        posts.pipeInput(new TestRecord<>(key, value, T0.plusSeconds(sequence++)));
    }

    private void send(String key, String value) {
        send(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the bad record, then a valid one, and returns the reason the bad one was dead-lettered with. */
    private String deadLetteredThenValidKept(byte[] bad) {
        String validId = "valid-" + sequence;
        send("bad-" + sequence, bad);
        send(validId, post(validId, "#ok", ""));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly(validId);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<?, ?> dead = deadLetters.get(0);
        assertThat(dead.topic()).isEqualTo("posts");
        assertThat((byte[]) dead.value()).isEqualTo(bad);
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("posts");
        assertThat(reasons).singleElement().isInstanceOf(InvalidRecordException.class);
        return header(dead, DeadLetterHeaders.REASON);
    }

    @Test
    void shouldDeadLetterMalformedJsonAndKeepFiltering() {
        assertThat(deadLetteredThenValidKept("{\"id\":\"p1\",".getBytes(StandardCharsets.UTF_8)))
            .startsWith("unreadable Post");
    }

    @Test
    void shouldDeadLetterInvalidUtf8AndKeepFiltering() {
        byte[] bad = post("p1", "#caf\u00e9", "").getBytes(StandardCharsets.UTF_8);
        int at = new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9');
        bad[at + 1] = (byte) 0xFF;

        assertThat(deadLetteredThenValidKept(bad)).startsWith("unreadable Post").contains("UTF-8");
    }

    @Test
    void shouldDeadLetterAPostWithoutRequiredFieldsAndKeepFiltering() {
        assertThat(deadLetteredThenValidKept("{\"id\":\"p1\",\"text\":\"#a\"}".getBytes(StandardCharsets.UTF_8)))
            .contains("missing required field 'platform'", "missing required field 'createdAt'");
    }

    @Test
    void shouldDeadLetterWronglyTypedFieldsAndKeepFiltering() {
        assertThat(deadLetteredThenValidKept(post("p1", "#a", ",\"hashtags\":\"a,b\"").getBytes(
                StandardCharsets.UTF_8))).contains("hashtags");
    }

    @Test
    void shouldDeadLetterANumericCreationTimeAndKeepFiltering() {
        assertThat(deadLetteredThenValidKept(post("p1", "#a", "").replace("\"2026-11-22T10:00:00Z\"", "1764000000")
            .getBytes(StandardCharsets.UTF_8))).contains("createdAt", "ISO-8601");
    }

    @Test
    void shouldDeadLetterAJsonArrayOfPostsAndKeepFiltering() {
        String one = post("p1", "#a", "");
        assertThat(deadLetteredThenValidKept(("[" + one + "," + one + "]").getBytes(StandardCharsets.UTF_8)))
            .startsWith("unreadable Post").contains("expected a JSON object, got an array");
    }

    @Test
    void shouldDeadLetterATombstoneAndKeepFiltering() {
        posts.pipeInput(new TestRecord<>("gone", (byte[]) null, T0));
        send("valid", post("valid", "#ok", ""));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly("valid");
        assertThat(reasons).singleElement().satisfies(ex -> assertThat(ex).hasMessageStartingWith("empty record"));
    }

    @Test
    void shouldDeadLetterAVersionBelowOneAndKeepFiltering() {
        assertThat(deadLetteredThenValidKept(post("p1", "#a", ",\"version\":0").getBytes(StandardCharsets.UTF_8)))
            .contains("field 'version' must be at least 1");
    }

    @Test
    void shouldPassANewerVersionOnByteForByteWithItsUnknownFields() {
        String newer = post("p1", "#a", ",\"version\":2,\"reactions\":{\"like\":3}");

        send("p1", newer);

        assertThat(new String(kept.readRecord().value(), StandardCharsets.UTF_8)).isEqualTo(newer);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void shouldKeyAPostWithANullKeyByItsIdAndStillDeduplicateIt() {
        send(null, post("p1", "#a", ""));
        send(null, post("p1", "#a", ""));
        send("p2", post("p2", "#a", ""));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly("p1", "p2");
        assertThat(listener.events()).containsExactly("accepted", "duplicate", "accepted");
    }

    @Test
    void shouldDropAPostWithTenThousandHashtagsAsTooManyAndKeepFiltering() {
        String text = IntStream.range(0, 10_000).mapToObj(i -> "#t" + i).collect(Collectors.joining(" "));
        String listed = IntStream.range(0, 10_000).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));

        send("spam-text", post("spam-text", text, ""));
        send("spam-list", post("spam-list", "", ",\"hashtags\":[" + listed + "]"));
        send("valid", post("valid", "#ok", ""));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly("valid");
        assertThat(listener.events()).containsExactly("too_many_hashtags", "too_many_hashtags", "accepted");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void shouldKeepAPostOfAMegabyteWhoseRulesPass() {
        String big = post("big", "#big " + "x".repeat(1024 * 1024), "");

        send("big", big);
        send("valid", post("valid", "#ok", ""));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly("big", "valid");
    }

    /** The filter does not judge event times: the counter does (late, or clamped to the record's time). */
    @Test
    void shouldPassAbsurdCreationTimesOnToTheCounter() {
        send("old", post("old", "#a", "").replace("2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z"));
        send("future", post("future", "#a", "").replace("2026-11-22T10:00:00Z", "3000-01-01T00:00:00Z"));

        assertThat(kept.readRecordsToList()).extracting(TestRecord::key).containsExactly("old", "future");
    }
}
