package io.tagpulse.counter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.counter.window.EmitMode;
import io.tagpulse.counter.window.WindowCountProcessor;
import io.tagpulse.counter.support.StageDriver;
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
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The counting topology on {@link TopologyTestDriver}, consuming as the app does with {@link HashtagsTopicSerde}.
 * Every mention has an explicit event time; the record timestamps (when its post arrived) are set apart from the
 * event times to show they are not what windows follow. {@link #send} plays a processor reading one partition: each
 * mention is followed by a watermark at the newest event time sent so far; the tests of several upstream partitions
 * send their watermarks themselves.
 */
class HashtagCountTopologyTests {

    private static final String IN = "tagpulse.hashtags";

    private static final String OUT = "tagpulse.hashtag-counts";

    private static final Duration SIZE = Duration.ofSeconds(1);

    private static final Duration GRACE = Duration.ofSeconds(10);

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final String LATE = "tagpulse.late-mentions";

    static final String TRENDS = "tagpulse.trends";

    static final String MODERATION = "tagpulse.trend-moderation";

    /** Tumbling windows only, every update written at once: what the first tests look at. */
    static final CounterSettings IMMEDIATE = CounterSettings.defaults()
        .withWindows(SIZE, Duration.ZERO, Duration.ofSeconds(1), GRACE)
        .withEmit(EmitMode.UPDATES, Duration.ZERO);

    /** The driver's wall clock at start; it moves only when a test advances it. */
    private static final Instant WALL_CLOCK = Instant.parse("2026-01-01T00:05:00Z");

    /** When the processor wrote the mentions: well after they were posted. */
    private static final Instant WRITTEN = T0.plus(Duration.ofMinutes(1));

    @RegisterExtension
    final StageDriver drivers = new StageDriver("counter-test");

    private TopologyTestDriver driver;

    private TestInputTopic<String, String> input;

    private TestOutputTopic<String, HashtagCount> output;

    private TestOutputTopic<String, LateMention> late;

    private TestOutputTopic<String, TrendUpdate> trends;

    static Topology topology(CounterSettings settings) {
        return topology(settings, WindowCountProcessor.MAX_OPEN_TALLIES);
    }

    static Topology topology(CounterSettings settings, int maxOpenTallies) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, HashtagsTopicRecord> mentions = builder.stream(IN,
                Consumed.with(Serdes.String(), new HashtagsTopicSerde())
                    .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()));
        GlobalKTable<String, ModerationDecision> moderation = builder.globalTable(MODERATION,
                Consumed.with(Serdes.String(), new ModerationDecisionSerde()), Materialized.as("trend-moderation"));
        HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(mentions, moderation, settings,
                maxOpenTallies);
        streams.counts().to(OUT, Produced.with(Serdes.String(), new HashtagCountSerde()));
        streams.late().to(LATE, Produced.with(Serdes.String(), new LateMentionSerde()));
        streams.trends().to(TRENDS, Produced.with(Serdes.String(), new TrendUpdateSerde()));
        return builder.build();
    }

    private void start(Properties extra) {
        start(IMMEDIATE, extra);
    }

    private void start(CounterSettings settings) {
        start(settings, new Properties());
    }

    private void start(CounterSettings settings, Properties extra) {
        start(settings, extra, WindowCountProcessor.MAX_OPEN_TALLIES);
    }

    private void start(CounterSettings settings, Properties extra, int maxOpenTallies) {
        driver = drivers.start(topology(settings, maxOpenTallies), extra, WALL_CLOCK);
        input = driver.createInputTopic(IN, new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic(OUT, new StringDeserializer(), new HashtagCountSerde().deserializer());
        late = driver.createOutputTopic(LATE, new StringDeserializer(), new LateMentionSerde().deserializer());
        trends = driver.createOutputTopic(TRENDS, new StringDeserializer(), new TrendUpdateSerde().deserializer());
    }

    private void start() {
        start(new Properties());
    }

    private static String mention(String tag, Instant eventTime) {
        return TagpulseJson.writeString(new HashtagMention(tag, tag, "p-" + eventTime.toEpochMilli(), "test", "en",
                eventTime));
    }

    private void sendAs(String tag, String display, long eventMillis) {
        Instant eventTime = T0.plusMillis(eventMillis);
        input.pipeInput(tag, TagpulseJson.writeString(new HashtagMention(tag, display, "p-" + eventMillis, "test",
                "en", eventTime)), WRITTEN);
        watermarkAfter(eventTime, WRITTEN);
    }

    private void send(String tag, long eventMillis) {
        send(tag, T0.plusMillis(eventMillis), WRITTEN);
    }

    /** A mention, then the watermark of a processor that reads one partition and has sent it. */
    private void send(String tag, Instant eventTime, Instant written) {
        input.pipeInput(tag, mention(tag, eventTime), written);
        watermarkAfter(eventTime, written);
    }

    private Instant newestSent;

    private void watermarkAfter(Instant eventTime, Instant written) {
        newestSent = newestSent == null || eventTime.isAfter(newestSent) ? eventTime : newestSent;
        watermark(new Watermark(1, Map.of(0, newestSent.toEpochMilli()), Set.of()), written);
    }

    /** Pipes a watermark as the processor writes it: no key, the marking header. */
    private void watermark(Watermark watermark, Instant written) {
        input.pipeInput(new TestRecord<>(null, TagpulseJson.writeString(watermark),
                new RecordHeaders().add(Watermark.HEADER, new byte[] { '1' }), written));
    }

    /** A watermark whose marks are given in millis after {@link #T0}. */
    private void watermark(int partitions, Map<Integer, Long> marks, Set<Integer> idle) {
        Map<Integer, Long> absolute = new java.util.TreeMap<>();
        marks.forEach((partition, mark) -> absolute.put(partition, T0.toEpochMilli() + mark));
        watermark(new Watermark(partitions, absolute, idle), WRITTEN);
    }

    private static KeyValue<String, HashtagCount> count(String tag, long windowStartMillis, long count) {
        return count(tag, windowStartMillis, SIZE, count);
    }

    private static KeyValue<String, HashtagCount> count(String tag, long windowStartMillis, Duration size,
            long count) {
        Instant start = T0.plusMillis(windowStartMillis);
        // The test mentions are written as their tag, so that is each window's most common display form.
        return KeyValue.pair(tag, new HashtagCount(tag, start, start.plus(size), count, tag));
    }

    private double metricTotal(String name) {
        return driver.metrics().entrySet().stream().filter(metric -> metric.getKey().name().equals(name))
            .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue()).sum();
    }

    private double lateMentionsTotal() {
        return driver.metrics()
            .entrySet()
            .stream()
            .filter(metric -> metric.getKey().name().equals("late-mentions-total"))
            .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
            .sum();
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
    void shouldRouteEventLaterThanGraceToTheLateTopicNotTheCounts() {
        start();

        send("kafka", 500);
        // Stream time reaches the window's end plus grace: window [0s, 1s) is closed.
        send("kafka", 11_000);
        send("kafka", 700);
        send("kafka", 11_100);
        // 2.5 s past the close of [0s, 1s) when it arrives.
        send("kafka", 13_500);
        send("java", 400);

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 11_000, 1), count("kafka", 11_000, 2), count("kafka", 13_000, 1));
        List<KeyValue<String, LateMention>> lateMentions = late.readKeyValuesToList();
        assertThat(lateMentions).extracting(record -> record.key).containsExactly("kafka", "java");
        assertThat(lateMentions.get(0).value).satisfies(record -> {
            assertThat(record.mention().eventTime()).isEqualTo(T0.plusMillis(700));
            assertThat(record.windowStart()).isEqualTo(T0);
            assertThat(record.windowEnd()).isEqualTo(T0.plusSeconds(1));
            assertThat(record.streamTime()).isEqualTo(T0.plusMillis(11_000));
            assertThat(record.latenessMillis()).isZero();
        });
        assertThat(lateMentions.get(1).value.latenessMillis()).isEqualTo(2_500);
        assertThat(lateMentionsTotal()).isEqualTo(2.0);
    }

    @Test
    void shouldCountEachMentionInEveryHoppingWindowItFallsIn() {
        start(IMMEDIATE.withWindows(SIZE, Duration.ofSeconds(10), Duration.ofSeconds(5), GRACE));

        send("kafka", 7_000);
        send("kafka", 12_000);

        assertThat(output.readKeyValuesToList()).containsExactlyInAnyOrder(
                count("kafka", 7_000, 1), count("kafka", 0, Duration.ofSeconds(10), 1),
                count("kafka", 5_000, Duration.ofSeconds(10), 1),
                count("kafka", 12_000, 1), count("kafka", 5_000, Duration.ofSeconds(10), 2),
                count("kafka", 10_000, Duration.ofSeconds(10), 1));
    }

    @Test
    void shouldRouteAMentionLateOnlyForTheHoppingWindowsAlreadyClosed() {
        start(IMMEDIATE.withWindows(SIZE, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO));

        send("kafka", 12_000);
        // Windows [0s, 10s) and [5s, 15s) of 9 s: only [0s, 10s) has closed (stream time 12 s).
        send("kafka", 9_000);

        // Late for its tumbling window [9s, 10s) and for the hopping [0s, 10s); counted in the hopping [5s, 15s).
        assertThat(late.readValuesToList()).extracting(LateMention::windowStart, LateMention::windowEnd,
                LateMention::latenessMillis)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(9), T0.plusSeconds(10), 2_000L),
                    org.assertj.core.groups.Tuple.tuple(T0, T0.plusSeconds(10), 2_000L));
        assertThat(lastCountPerWindow(output.readKeyValuesToList())).containsEntry("kafka@" + T0.plusSeconds(5), 2L)
            .doesNotContainKey("kafka@" + T0);
    }

    @Test
    void shouldCoalesceUpdatesAndWriteThemEveryEmitInterval() {
        start(IMMEDIATE.withEmit(EmitMode.UPDATES, Duration.ofSeconds(1)));

        send("kafka", 100);
        send("kafka", 200);
        send("java", 300);
        send("kafka", 700);
        assertThat(output.readKeyValuesToList()).isEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(output.readKeyValuesToList()).containsExactly(count("java", 0, 1), count("kafka", 0, 3));

        send("kafka", 800);
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertThat(output.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 4));
    }

    @Test
    void shouldWriteAWindowsWaitingUpdateAsSoonAsStreamTimePassesItsEnd() {
        // An emit interval no test reaches: only the end of a window writes its update.
        start(IMMEDIATE.withEmit(EmitMode.UPDATES, Duration.ofMinutes(1)));

        send("kafka", 100);
        send("kafka", 200);
        send("java", 999);
        assertThat(output.readKeyValuesToList()).isEmpty();

        send("kafka", 1_000);
        assertThat(output.readKeyValuesToList()).containsExactly(count("java", 0, 1), count("kafka", 0, 2));

        // Late but within grace: counted, and written within 100 ms of wall-clock time, while the open window's
        // update waits for the emit interval.
        send("kafka", 900);
        send("kafka", 1_500);
        send("kafka", 950);
        assertThat(output.readKeyValuesToList()).isEmpty();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 4));

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 1_000, 2));
    }

    @Test
    void shouldWriteOnlyTheFinalCountWhenTheWindowCloses() {
        start(IMMEDIATE.withEmit(EmitMode.FINAL, Duration.ZERO));

        send("kafka", 100);
        send("kafka", 900);
        send("java", 500);
        send("kafka", 10_999);
        send("kafka", 300);
        assertThat(output.isEmpty()).isTrue();

        // Stream time 11 s = end of [0s, 1s) + grace: the window closes, each tag's count written once.
        send("kafka", 11_000);
        assertThat(output.readKeyValuesToList()).containsExactly(count("java", 0, 1), count("kafka", 0, 3));

        send("kafka", 400);
        assertThat(output.isEmpty()).isTrue();
        assertThat(late.readValuesToList()).singleElement()
            .satisfies(record -> assertThat(record.mention().eventTime()).isEqualTo(T0.plusMillis(400)));
    }

    @Test
    void shouldCloseTheWindowsOfAPartitionWithoutMentionsByTheWatermarksAlone() {
        start(IMMEDIATE.withEmit(EmitMode.FINAL, Duration.ZERO));

        send("kafka", 500);
        assertThat(output.isEmpty()).isTrue();
        // The processor read on (the mentions went to other partitions): its watermark closes [0s, 1s) at 11 s.
        watermark(1, Map.of(0, 10_999L), Set.of());
        assertThat(output.isEmpty()).isTrue();
        watermark(1, Map.of(0, 11_000L), Set.of());
        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 1));

        // The closed window stays closed: a straggler is late, not a changed final count.
        input.pipeInput("kafka", mention("kafka", T0.plusMillis(600)), WRITTEN);
        assertThat(output.isEmpty()).isTrue();
        assertThat(late.readValuesToList()).singleElement().satisfies(record -> {
            assertThat(record.reason()).isEqualTo(LateMention.WINDOW_CLOSED);
            assertThat(record.streamTime()).isEqualTo(T0.plusSeconds(11));
        });
    }

    @Test
    void shouldKeepWindowsOpenUntilEveryUpstreamPartitionHasBeenReadPastThem() {
        start(IMMEDIATE.withEmit(EmitMode.FINAL, Duration.ZERO));

        // A backlog: the processor reads a block of partition 0 (a minute of posts), then partition 1's block.
        for (long second = 0; second < 60; second++) {
            input.pipeInput("kafka", mention("kafka", T0.plusSeconds(second)), WRITTEN);
        }
        watermark(2, Map.of(0, 59_000L), Set.of());
        // Partition 1 has not been heard of: nothing may close, however far partition 0 is.
        assertThat(output.isEmpty()).isTrue();
        for (long second = 0; second < 60; second++) {
            input.pipeInput("kafka", mention("kafka", T0.plusSeconds(second).plusMillis(500)), WRITTEN);
        }
        watermark(2, Map.of(1, 59_500L), Set.of());

        // Every window [0s, 49s) closes now, each with both partitions' mentions; nothing was late.
        List<HashtagCount> finals = output.readValuesToList();
        assertThat(finals).hasSize(49).allSatisfy(count -> assertThat(count.count()).isEqualTo(2));
        assertThat(late.isEmpty()).isTrue();
    }

    @Test
    void shouldNotLetAnIdlePartitionHoldWindowsOpenNorAnAllIdleInputCloseThem() {
        start(IMMEDIATE.withEmit(EmitMode.FINAL, Duration.ZERO));

        send("kafka", 500);
        watermark(2, Map.of(0, 20_000L), Set.of());
        assertThat(output.isEmpty()).as("partition 1 unheard of").isTrue();
        watermark(2, Map.of(), Set.of(1));
        assertThat(output.readKeyValuesToList()).as("partition 1 idle").containsExactly(count("kafka", 0, 1));

        send("java", 25_000);
        // Both idle: nothing moves, so nothing new closes.
        watermark(2, Map.of(0, 40_000L), Set.of(0, 1));
        assertThat(output.isEmpty()).isTrue();
        // Partition 1 is back with posts 2 s behind partition 0's mark: they count, it holds the close time.
        input.pipeInput("java", mention("java", T0.plusMillis(38_000)), WRITTEN);
        watermark(2, Map.of(0, 40_000L, 1, 38_000L), Set.of());
        assertThat(output.readKeyValuesToList()).containsExactly(count("java", 25_000, 1));
        assertThat(late.isEmpty()).isTrue();
    }

    @Test
    void shouldRouteAPostThatArrivedLaterThanTheMaxDelayToTheLateTopicEvenOnAFreshPartition() {
        start(IMMEDIATE.withMaxDelay(Duration.ofHours(1)));

        // Nothing has closed yet, and no watermark has come: the ten-year-old post is late all the same.
        send("kafka", T0.minus(Duration.ofDays(3650)), WRITTEN);
        // An hour and a second after it was created: late too; one second less is counted.
        send("kafka", WRITTEN.minus(Duration.ofHours(1)).minusSeconds(1), WRITTEN);
        send("kafka", WRITTEN.minus(Duration.ofHours(1)).plusSeconds(1), WRITTEN);

        assertThat(output.readKeyValuesToList()).singleElement()
            .satisfies(count -> assertThat(count.value.windowStart())
                .isEqualTo(WRITTEN.minus(Duration.ofHours(1)).plusSeconds(1)));
        assertThat(late.readValuesToList()).hasSize(2).allSatisfy(record -> {
            assertThat(record.reason()).isEqualTo(LateMention.TOO_OLD);
            assertThat(record.latenessMillis()).isNotNegative();
        });
    }

    private void sendMany(String tag, int second, int count) {
        for (int i = 0; i < count; i++) {
            send(tag, second * 1_000L + i);
        }
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
    void shouldCountExactlyWhenMoreWindowsAreOpenThanTheTalliesKeptOnTheHeap() {
        // At most 3 tallies on the heap per family: the other tags and windows are read from the store each time.
        start(IMMEDIATE, new Properties(), 3);

        for (int round = 0; round < 3; round++) {
            for (String tag : List.of("a", "b", "c", "d", "e")) {
                send(tag, 100 + round);
                send(tag, 1_100 + round);
            }
        }
        // Closes the first window (its tallies leave the heap), then counts on in the second one.
        send("a", 11_500);
        send("b", 1_500);

        Map<String, Long> last = lastCountPerWindow(output.readKeyValuesToList());
        for (String tag : List.of("a", "b", "c", "d", "e")) {
            assertThat(last).containsEntry(tag + "@" + T0, 3L)
                .containsEntry(tag + "@" + T0.plusSeconds(1), tag.equals("b") ? 4L : 3L);
        }
        assertThat(last).containsEntry("a@" + T0.plusSeconds(11), 1L).hasSize(11);
        assertThat(late.isEmpty()).isTrue();
    }

    @Test
    void shouldShowEachWindowInTheDisplayFormWrittenMostOftenWhileCountingAllFormsAsOneTag() {
        start();

        sendAs("kafka", "Kafka", 100);
        sendAs("kafka", "KAFKA", 200);
        sendAs("kafka", "KAFKA", 300);
        sendAs("kafka", "Kafka", 400);
        sendAs("kafka", "Kafka", 1_100);
        sendAs("kafka", "KAFKA", 1_200);

        assertThat(output.readValuesToList()).extracting(HashtagCount::count, HashtagCount::display)
            .containsExactly(tuple(1L, "Kafka"), tuple(2L, "Kafka"), tuple(3L, "KAFKA"), tuple(4L, "Kafka"),
                    tuple(1L, "Kafka"), tuple(2L, "Kafka"));
    }

    @Test
    void shouldDropAMentionWithoutKey() {
        start();

        input.pipeInput(null, mention("kafka", T0.plusMillis(100)), WRITTEN);
        send("kafka", 200);

        assertThat(output.readKeyValuesToList()).containsExactly(count("kafka", 0, 1));
        assertThat(metricTotal("mentions-without-key-total")).isEqualTo(1.0);
    }

    @Test
    void shouldWindowByEventTimeNotByRecordTimestamp() {
        start();

        // Same event window, arrived half an hour apart.
        send("kafka", T0.plusMillis(100), WRITTEN);
        send("kafka", T0.plusMillis(200), WRITTEN.plus(Duration.ofMinutes(30)));
        // Arrived at the same instant, posted in different windows.
        send("java", T0.plus(Duration.ofMinutes(30)).plusMillis(100), WRITTEN.plus(Duration.ofMinutes(30)));
        send("java", T0.plus(Duration.ofMinutes(30)).plusMillis(1_100), WRITTEN.plus(Duration.ofMinutes(30)));

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("kafka", 0, 2),
                count("java", 1_800_000, 1), count("java", 1_801_000, 1));
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
                        + "\"count\":1,\"display\":\"kafka\"}");
    }

    @Test
    void shouldNotLetAFutureDatedMentionCloseOpenWindows() {
        start();

        send("kafka", T0.plusMillis(500), T0.plusSeconds(1));
        // A mention a day ahead of its arrival (the processor dates such posts at their arrival, another writer
        // might not): counted at its arrival, and it moves no clock, since only watermarks close windows.
        input.pipeInput("wrongclock", mention("wrongclock", T0.plus(Duration.ofDays(1))), T0.plusSeconds(2));
        send("kafka", T0.plusMillis(800), T0.plusSeconds(3));

        assertThat(output.readKeyValuesToList()).containsExactly(
                count("kafka", 0, 1), count("wrongclock", 2_000, 1), count("kafka", 0, 2));
        assertThat(late.isEmpty()).isTrue();
    }

    @Test
    void shouldCountByTheExistingKeyWithoutRepartitioning() {
        TopologyDescription description = topology(CounterSettings.defaults()).describe();
        // Counting, emitting and the trend stage sit in the sub-topology of the input itself: nothing is
        // repartitioned.
        TopologyDescription.Subtopology counting = description.subtopologies()
            .stream()
            .filter(sub -> sub.nodes().stream().anyMatch(node -> node instanceof TopologyDescription.Source source
                    && source.topicSet().equals(Set.of(IN))))
            .findFirst()
            .orElseThrow();
        assertThat(counting.nodes()).extracting(TopologyDescription.Node::name)
            .contains("watermark-clock", "count-window-tallies", "count-window-tallies-hopping",
                    "emit-window-tallies", "emit-window-tallies-hopping", "late-mentions", "trend-stage");
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.toString()).doesNotContain("repartition");
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
