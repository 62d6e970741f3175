package io.tagpulse.counter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.counter.window.EmitMode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

import static io.tagpulse.testing.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each kind of bad mention on the counting topology, consumed as the app does ({@link HashtagsTopicSerde},
 * the arrival time as timestamp) with the handler the binder's {@code sendToDlq} installs (here with a recoverer
 * that records what it would publish): unreadable mentions reach the dead-letter recoverer with their reason, the
 * next valid mention is counted, and the documented rules apply to absurd event times and missing keys.
 */
class CounterBadInputTests {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static final CounterSettings SETTINGS = CounterSettings.defaults()
        .withWindows(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10))
        .withEmit(EmitMode.UPDATES, Duration.ZERO);

    @TempDir
    Path stateDir;

    private final List<ConsumerRecord<?, ?>> deadLetters = new ArrayList<>();

    private final List<Exception> reasons = new ArrayList<>();

    private TopologyTestDriver driver;

    private TestInputTopic<String, byte[]> input;

    private TestOutputTopic<String, HashtagCount> counts;

    private TestOutputTopic<String, LateMention> late;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(builder.stream("mentions",
                Consumed.with(Serdes.String(), new HashtagsTopicSerde())
                    .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())),
                builder.globalTable("moderation", Consumed.with(Serdes.String(), new ModerationDecisionSerde()),
                        Materialized.as("trend-moderation")),
                SETTINGS);
        streams.counts().to("counts", Produced.with(Serdes.String(), new HashtagCountSerde()));
        streams.late().to("late", Produced.with(Serdes.String(), new LateMentionSerde()));
        streams.trends().to("trends", Produced.with(Serdes.String(), new TrendUpdateSerde()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "counter-bad-input");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RecoveringDeserializationExceptionHandler.class);
        config.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER,
                (ConsumerRecordRecoverer) (record, exception) -> {
                    deadLetters.add(record);
                    reasons.add(exception);
                });
        driver = new TopologyTestDriver(builder.build(), config, T0.plusSeconds(60));
        input = driver.createInputTopic("mentions", new StringSerializer(), new ByteArraySerializer());
        counts = driver.createOutputTopic("counts", new StringDeserializer(), new HashtagCountSerde().deserializer());
        late = driver.createOutputTopic("late", new StringDeserializer(), new LateMentionSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static byte[] mention(String tag, Instant eventTime, String extra) {
        String json = TagpulseJson.writeString(new HashtagMention(tag, tag, "p-" + tag, "t", "en", eventTime));
        return (json.substring(0, json.length() - 1) + extra + "}").getBytes(StandardCharsets.UTF_8);
    }

    private void sendValid(String tag, Instant eventTime) {
        input.pipeInput(tag, mention(tag, eventTime, ""), T0.plusSeconds(30));
    }

    /** Sends the bad mention and then a valid one; returns the reason the bad one was dead-lettered with. */
    private String deadLetteredThenValidCounted(byte[] bad) {
        input.pipeInput("kafka", bad, T0.plusSeconds(30));
        sendValid("kafka", T0.plusMillis(100));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::tag, HashtagCount::count)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("kafka", 1L));
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat((byte[]) record.value()).isEqualTo(bad);
            assertThat(header(record, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("mentions");
        });
        assertThat(reasons).singleElement().isInstanceOf(InvalidRecordException.class);
        return header(deadLetters.get(0), DeadLetterHeaders.REASON);
    }

    @Test
    void shouldDeadLetterMalformedJsonAndKeepCounting() {
        assertThat(deadLetteredThenValidCounted("{\"tag\":".getBytes(StandardCharsets.UTF_8)))
            .startsWith("unreadable HashtagMention");
    }

    @Test
    void shouldDeadLetterInvalidUtf8AndKeepCounting() {
        byte[] bad = mention("caf\u00e9", T0, "");
        bad[new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;

        assertThat(deadLetteredThenValidCounted(bad)).contains("UTF-8");
    }

    @Test
    void shouldDeadLetterMissingAndWronglyTypedFieldsAndKeepCounting() {
        assertThat(deadLetteredThenValidCounted("{\"tag\":\"kafka\",\"display\":\"kafka\"}".getBytes(
                StandardCharsets.UTF_8))).contains("missing required field 'postId'", "'eventTime'");
    }

    @Test
    void shouldDeadLetterANumericEventTimeAndKeepCounting() {
        assertThat(deadLetteredThenValidCounted(new String(mention("kafka", T0, ""), StandardCharsets.UTF_8)
            .replace("\"" + T0 + "\"", "1764000000000").getBytes(StandardCharsets.UTF_8))).contains("eventTime");
    }

    @Test
    void shouldDeadLetterAJsonArrayOfMentionsAndKeepCounting() {
        String one = new String(mention("kafka", T0, ""), StandardCharsets.UTF_8);
        assertThat(deadLetteredThenValidCounted(("[" + one + "," + one + "]").getBytes(StandardCharsets.UTF_8)))
            .startsWith("unreadable HashtagMention").contains("expected a JSON object, got an array");
    }

    @Test
    void shouldDeadLetterATombstoneAndKeepCounting() {
        assertThat(deadLetteredThenValidCounted(null)).startsWith("empty record");
    }

    @Test
    void shouldDeadLetterAVersionBelowOneAndCountANewerVersion() {
        assertThat(deadLetteredThenValidCounted(mention("kafka", T0, ",\"version\":0")))
            .contains("field 'version' must be at least 1");

        input.pipeInput("kafka", mention("kafka", T0.plusMillis(200), ",\"version\":2,\"sentiment\":0.4"),
                T0.plusSeconds(30));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::count).containsExactly(2L);
    }

    /**
     * The driver hands a global table's unreadable records to a log-and-continue handler of its own, not to the
     * configured one, so this checks that the decision is skipped and everything goes on; in the app the global
     * thread uses the binder's handler, which dead-letters it ({@code dlq-name} of the {@code moderation} binding).
     */
    @Test
    void shouldSkipAnUnreadableModerationDecisionAndKeepTheTableGoing() {
        TestInputTopic<String, byte[]> moderation = driver.createInputTopic("moderation", new StringSerializer(),
                new ByteArraySerializer());
        byte[] bad = "{\"action\":\"BAN\",\"subject\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        moderation.pipeInput("tag:x", bad);
        ModerationDecision hide = new ModerationDecision(ModerationDecision.HIDE, "#Spam", "moderator", "",
                T0);
        moderation.pipeInput(hide.key(), TagpulseJson.write(hide));

        assertThatThrownBy(() -> new ModerationDecisionSerde().deserializer().deserialize("moderation", bad))
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("field 'action' must be BLOCK_LIST");
        assertThat(driver.<String, ModerationDecision>getKeyValueStore("trend-moderation").get("tag:spam"))
            .isEqualTo(hide);
        assertThat(driver.getKeyValueStore("trend-moderation").get("tag:x")).isNull();
        sendValid("kafka", T0.plusMillis(100));
        assertThat(counts.readValuesToList()).hasSize(1);
    }

    /** Documented rule: a mention without a key cannot be placed in its tag's task, so it is not counted. */
    @Test
    void shouldNotCountAMentionWithoutKeyAndKeepCounting() {
        input.pipeInput(null, mention("kafka", T0.plusMillis(100), ""), T0.plusSeconds(30));
        sendValid("kafka", T0.plusMillis(200));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::count).containsExactly(1L);
        assertThat(deadLetters).isEmpty();
    }

    /** Documented rule: a mention dated 1970 is older than every open window: it goes to the late topic. */
    @Test
    void shouldRouteAMentionFrom1970ToTheLateTopicAndKeepCounting() {
        sendValid("kafka", T0.plusMillis(100));
        sendValid("kafka", Instant.EPOCH);
        sendValid("kafka", T0.plusMillis(300));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::windowStart, HashtagCount::count)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1L), org.assertj.core.groups.Tuple.tuple(T0, 2L));
        assertThat(late.readValuesToList()).singleElement()
            .satisfies(lateMention -> assertThat(lateMention.mention().eventTime()).isEqualTo(Instant.EPOCH));
    }

    /**
     * Documented rule: a mention dated further ahead of its post's arrival (its record's Kafka timestamp) than the
     * max delay (year 3000) counts at its arrival, so it neither keeps a window of the year 3000 open for ever nor
     * closes the open windows. The processor dates such posts at their arrival already; this guards against other
     * writers.
     */
    @Test
    void shouldCountAMentionFromTheYear3000AtItsRecordTimeWithoutClosingOpenWindows() {
        Instant written = T0.plusSeconds(2);
        sendValid("kafka", T0.plusMillis(100));
        input.pipeInput("kafka", mention("kafka", Instant.parse("3000-01-01T00:00:00Z"), ""), written);
        sendValid("kafka", T0.plusMillis(200));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::windowStart, HashtagCount::count)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1L),
                    org.assertj.core.groups.Tuple.tuple(written, 1L), org.assertj.core.groups.Tuple.tuple(T0, 2L));
        assertThat(late.readValuesToList()).isEmpty();
    }
}
