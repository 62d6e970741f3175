package io.tagpulse.counter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counting topology on {@link TopologyTestDriver}, consuming as the app does: {@link HashtagMentionSerde} and
 * {@link MentionTimestampExtractor}. Every mention has an explicit event time; the record timestamps (the time the
 * processor wrote the mention) are set apart from the event times to show they are not what windows follow.
 */
class HashtagCountTopologyTests {

    private static final String IN = "tagpulse.hashtags";

    private static final String OUT = "tagpulse.hashtag-counts";

    private static final Duration SIZE = Duration.ofSeconds(1);

    private static final Duration GRACE = Duration.ofSeconds(10);

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** When the processor wrote the mentions: well after they were posted. */
    private static final Instant WRITTEN = T0.plus(Duration.ofMinutes(1));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    private TestInputTopic<String, String> input;

    private TestOutputTopic<String, HashtagCount> output;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, HashtagMention> mentions = builder.stream(IN,
                Consumed.with(Serdes.String(), new HashtagMentionSerde())
                    .withTimestampExtractor(new MentionTimestampExtractor(MAX_CLOCK_SKEW)));
        HashtagCountTopology.build(mentions, SIZE, GRACE).to(OUT, Produced.with(Serdes.String(), new HashtagCountSerde()));
        return builder.build();
    }

    private void start(Properties extra) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "counter-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.putAll(extra);
        driver = new TopologyTestDriver(topology(), config);
        input = driver.createInputTopic(IN, new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic(OUT, new StringDeserializer(), new HashtagCountSerde().deserializer());
    }

    private void start() {
        start(new Properties());
    }

    private static String mention(String tag, Instant eventTime) {
        return TagpulseJson.writeString(new HashtagMention(tag, tag, "p-" + eventTime.toEpochMilli(), "test", "en",
                eventTime));
    }

    private void send(String tag, long eventMillis) {
        send(tag, T0.plusMillis(eventMillis), WRITTEN);
    }

    private void send(String tag, Instant eventTime, Instant written) {
        input.pipeInput(tag, mention(tag, eventTime), written);
    }

    private static KeyValue<String, HashtagCount> count(String tag, long windowStartMillis, long count) {
        Instant start = T0.plusMillis(windowStartMillis);
        return KeyValue.pair(tag, new HashtagCount(tag, start, start.plus(SIZE), count));
    }

    /** @return the last count emitted for each (tag, window start), in order of first emission */
    private static Map<String, Long> lastCountPerWindow(List<KeyValue<String, HashtagCount>> updates) {
        Map<String, Long> last = new LinkedHashMap<>();
        for (KeyValue<String, HashtagCount> update : updates) {
            last.put(update.key + "@" + update.value.windowStart(), update.value.count());
        }
        return last;
    }

    @Test
    void shouldCountEachWindowApartAcrossTheBoundary() {
        start();

        send("kafka", 100);
        send("kafka", 999);
        send("kafka", 1_000);
        send("kafka", 1_500);

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 0, 2),
                count("kafka", 1_000, 1), count("kafka", 1_000, 2));
    }

    @Test
    void shouldCountLateEventWithinGraceInItsOwnWindow() {
        start();

        send("kafka", 500);
        send("kafka", 10_999);
        send("kafka", 700);

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 10_000, 1), count("kafka", 0, 2));
    }

    @Test
    void shouldDropEventLaterThanGrace() {
        start();

        send("kafka", 500);
        // Stream time reaches the window's end plus grace: window [0s, 1s) is closed.
        send("kafka", 11_000);
        send("kafka", 700);
        send("kafka", 11_100);

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 11_000, 1), count("kafka", 11_000, 2));
    }

    @Test
    void shouldCountTagsApart() {
        start();

        send("kafka", 100);
        send("java", 200);
        send("kafka", 300);

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("java", 0, 1), count("kafka", 0, 2));
    }

    @Test
    void shouldDropAMentionWithoutKey() {
        start();

        input.pipeInput(null, mention("kafka", T0.plusMillis(100)), WRITTEN);
        send("kafka", 200);

        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 1));
    }

    @Test
    void shouldWindowByEventTimeNotByRecordTimestamp() {
        start();

        // Same event window, written an hour apart.
        send("kafka", T0.plusMillis(100), WRITTEN);
        send("kafka", T0.plusMillis(200), WRITTEN.plus(Duration.ofHours(1)));
        // Written at the same instant, posted in different windows.
        send("java", T0.plus(Duration.ofHours(1)).plusMillis(100), WRITTEN.plus(Duration.ofHours(1)));
        send("java", T0.plus(Duration.ofHours(1)).plusMillis(1_100), WRITTEN.plus(Duration.ofHours(1)));

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 0, 2),
                count("java", 3_600_000, 1), count("java", 3_601_000, 1));
    }

    @Test
    void shouldEndEachWindowWithItsExactCount() {
        start();
        Random random = new Random(42);
        List<String> tags = List.of("kafka", "java", "spring");
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            String tag = tags.get(random.nextInt(tags.size()));
            // Out of order by up to 3 s behind the newest mention, always within the 10 s grace.
            long eventMillis = Math.max(0, i * 20L - random.nextInt(3_000));
            send(tag, eventMillis);
            Instant windowStart = T0.plusMillis(eventMillis - eventMillis % SIZE.toMillis());
            expected.merge(tag + "@" + windowStart, 1L, Long::sum);
        }

        List<KeyValue<String, HashtagCount>> updates = output.readKeyValuesToList();

        assertThat(lastCountPerWindow(updates)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(updates).allSatisfy(update -> {
            assertThat(update.key).isEqualTo(update.value.tag());
            assertThat(update.value.windowEnd()).isEqualTo(update.value.windowStart().plus(SIZE));
        });
    }

    @Test
    void shouldWriteCountsAsContractJsonKeyedByTag() {
        start();
        TestOutputTopic<String, String> raw = driver.createOutputTopic(OUT, new StringDeserializer(),
                new StringDeserializer());

        send("kafka", 1_250);

        KeyValue<String, String> record = raw.readKeyValue();
        assertThat(record.key).isEqualTo("kafka");
        assertThat(record.value).isEqualTo(
                "{\"tag\":\"kafka\",\"windowStart\":\"2026-01-01T00:00:01Z\",\"windowEnd\":\"2026-01-01T00:00:02Z\","
                        + "\"count\":1}");
    }

    @Test
    void shouldNotLetAFutureDatedMentionCloseOpenWindows() {
        start();

        send("kafka", T0.plusMillis(500), T0.plusSeconds(1));
        // A clock a day ahead: the mention takes its record timestamp (2 s) instead.
        send("wrongclock", T0.plus(Duration.ofDays(1)), T0.plusSeconds(2));
        send("kafka", T0.plusMillis(800), T0.plusSeconds(3));

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("wrongclock", 2_000, 1), count("kafka", 0, 2));
    }

    @Test
    void shouldGroupByTheExistingKeyWithoutRepartitioning() {
        assertThat(topology().describe().subtopologies()).hasSize(1);
        assertThat(topology().describe().toString()).doesNotContain("repartition");
    }

    @Test
    void shouldSkipMalformedMentionsAndKeepCounting() {
        Properties config = new Properties();
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        start(config);

        send("kafka", 100);
        input.pipeInput("kafka", "{\"tag\":\"kafka\",", WRITTEN);
        input.pipeInput("kafka", "{\"tag\":\"kafka\",\"display\":\"kafka\",\"postId\":\"p\",\"platform\":\"test\"}",
                WRITTEN);
        input.pipeInput("kafka", null, WRITTEN);
        send("kafka", 200);

        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 1), count("kafka", 0, 2));
    }

    /** What the binder's {@code sendToDlq} installs: Spring Kafka's handler with a dead-letter recoverer. */
    @Test
    void shouldHandUnreadableMentionToTheDeadLetterRecovererWithItsReason() {
        List<ConsumerRecord<?, ?>> deadLetters = new ArrayList<>();
        List<Exception> reasons = new ArrayList<>();
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            deadLetters.add(record);
            reasons.add(exception);
        };
        Properties config = new Properties();
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RecoveringDeserializationExceptionHandler.class);
        config.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER, recoverer);
        start(config);

        send("kafka", 100);
        input.pipeInput("kafka", "{\"tag\":\"kafka\",\"display\":\"kafka\",\"postId\":\"p\",\"platform\":\"test\"}",
                WRITTEN);
        send("kafka", 200);

        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 1), count("kafka", 0, 2));
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(IN);
            assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).contains("\"postId\":\"p\"");
            assertThat(new String(record.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8)).contains("missing required field 'eventTime'");
        });
        assertThat(reasons).singleElement().isInstanceOf(InvalidRecordException.class);
    }
}
