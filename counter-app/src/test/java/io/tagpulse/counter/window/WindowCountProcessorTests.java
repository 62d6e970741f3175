package io.tagpulse.counter.window;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.support.DecodedStore;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageDriver;
import io.tagpulse.counter.support.StageTesting;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The count stage of one window size on its own: mentions placed in event time and close times in, as the clock
 * sends them; its three outputs read apart, each with its own type.
 */
class WindowCountProcessorTests {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final String STORE = "window-tallies";

    private static final long UNKNOWN = UpstreamWatermarks.UNKNOWN;

    @RegisterExtension
    final StageDriver drivers = new StageDriver("count-test");

    private TopologyTestDriver driver;

    private TestInputTopic<String, WindowInput> input;

    private TestOutputTopic<String, WindowEvent> events;

    private TestOutputTopic<String, LateMention> late;

    private TestOutputTopic<String, ClosedWindow> closed;

    private void start(WindowGrid grid, long grace, int maxOpenTallies) {
        WindowCountProcessor.Stage stage = new WindowCountProcessor.Stage(STORE, grid, new LateRule(grace, 3_600_000),
                maxOpenTallies, true);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WatermarkClockProcessor.STORE),
                Serdes.String(), Serdes.Long()));
        KStream<String, Object> counted = builder.stream("timed", Consumed.with(Serdes.String(),
                new ObjectSerde<WindowInput>()))
            .process(stage, Named.as("count"), WatermarkClockProcessor.STORE);
        stage.events().of(counted).to("events", Produced.with(Serdes.String(), new ObjectSerde<>()));
        stage.late().of(counted).to("late", Produced.with(Serdes.String(), new LateMentionSerde()));
        stage.closed().of(counted).to("closed", Produced.with(Serdes.String(), new ObjectSerde<>()));
        driver = drivers.start(builder.build());
        input = driver.createInputTopic("timed", new StringSerializer(), new ObjectSerde<WindowInput>().serializer());
        events = driver.createOutputTopic("events", new StringDeserializer(), new ObjectSerde<WindowEvent>()
            .deserializer());
        late = driver.createOutputTopic("late", new StringDeserializer(), new LateMentionSerde().deserializer());
        closed = driver.createOutputTopic("closed", new StringDeserializer(), new ObjectSerde<ClosedWindow>()
            .deserializer());
    }

    private static TimedMention timed(String tag, long eventTime, long arrival, long closeTime) {
        return new TimedMention(tag, new HashtagMention(tag, tag, "p", "test", "en", Instant.ofEpochMilli(eventTime)),
                eventTime, arrival, closeTime);
    }

    /** A mention dated {@code eventMillis} after T0, arrived a minute after T0. */
    private void mention(String tag, long eventMillis, long closeTime) {
        input.pipeInput(tag, timed(tag, T0 + eventMillis, T0 + 60_000, closeTime), T0 + 60_000);
    }

    private void close(long closeMillis) {
        input.pipeInput(null, new CloseTime(T0 + closeMillis), T0 + 60_000);
    }

    private static List<Object> changes(List<WindowEvent> events) {
        return events.stream().map(event -> event instanceof TallyChange change
                ? tuple(change.tag(), change.start() - T0, change.count()) : event).toList();
    }

    @Test
    void shouldCountEachMentionInEveryWindowItFallsInAndTellItsRunningTally() {
        start(new WindowGrid(10_000, 5_000), 0, WindowCountProcessor.MAX_OPEN_TALLIES);

        mention("kafka", 7_000, UNKNOWN);
        mention("kafka", 8_000, UNKNOWN);
        mention("java", 12_000, UNKNOWN);

        List<KeyValue<String, WindowEvent>> out = events.readKeyValuesToList();
        assertThat(changes(out.stream().map(record -> record.value).toList())).containsExactly(
                tuple("kafka", 0L, 1L), tuple("kafka", 5_000L, 1L), tuple("kafka", 0L, 2L), tuple("kafka", 5_000L, 2L),
                tuple("java", 5_000L, 1L), tuple("java", 10_000L, 1L));
        assertThat(out).extracting(record -> record.key).containsOnly("kafka", "java");
        assertThat(((TallyChange) out.get(0).value).end()).isEqualTo(T0 + 10_000);
        assertThat(((TallyChange) out.get(0).value).eventTime()).isEqualTo(T0 + 7_000);
        assertThat(late.isEmpty()).isTrue();
        assertThat(closed.isEmpty()).isTrue();
    }

    @Test
    void shouldCloseTheWindowsTheCloseTimeHasPassedInStartOrderWithTheirFinalTalliesAndForgetThem() {
        start(WindowGrid.tumbling(1_000), 1_000, WindowCountProcessor.MAX_OPEN_TALLIES);
        mention("kafka", 100, UNKNOWN);
        mention("kafka", 200, UNKNOWN);
        mention("java", 1_100, UNKNOWN);
        mention("kafka", 2_100, UNKNOWN);
        events.readValuesToList();

        // [0s, 1s) closes at 2 s (end plus grace), [1s, 2s) at 3 s.
        close(1_999);
        assertThat(closed.isEmpty()).isTrue();
        close(2_999);
        close(3_000);

        List<TestRecord<String, ClosedWindow>> windows = closed.readRecordsToList();
        assertThat(windows).extracting(TestRecord::key).containsExactly(Instant.ofEpochMilli(T0).toString(),
                Instant.ofEpochMilli(T0 + 1_000).toString());
        assertThat(windows).extracting(TestRecord::timestamp).containsExactly(T0 + 999, T0 + 1_999);
        assertThat(windows.get(0).value().tallies()).containsOnlyKeys("kafka")
            .hasEntrySatisfying("kafka", tally -> assertThat(tally.count()).isEqualTo(2));
        assertThat(windows.get(1).value().tallies()).containsOnlyKeys("java");
        // The events output has them too, in the same order, for the emission of the counts.
        assertThat(events.readValuesToList()).containsExactly(windows.get(0).value(), windows.get(1).value());
        // The operators' window-close delay: two windows closed, each long after its end by the wall clock.
        assertThat(metric("window-close-total")).isEqualTo(2.0);
        assertThat(metric("window-close-latency-max")).isGreaterThan(0.0);
        DecodedStore<WindowTally> tallies = (DecodedStore<WindowTally>) driver.<String, Object>getStateStore(STORE);
        assertThat(tallies.get(WindowGrid.key(T0, "kafka"))).isNull();
        assertThat(tallies.get(WindowGrid.key(T0 + 2_000, "kafka")).count()).isEqualTo(1);
        KeyValueStore<String, Long> clock = driver.getKeyValueStore(WatermarkClockProcessor.STORE);
        assertThat(clock.get("closed-through:" + STORE)).isEqualTo(T0 + 1_000);
    }

    @Test
    void shouldSendAMentionLateForEachClosedWindowAndCountItInItsOpenOnes() {
        start(new WindowGrid(10_000, 5_000), 0, WindowCountProcessor.MAX_OPEN_TALLIES);
        close(12_000);

        // Arrived with the close time at 12 s: [0s, 10s) is closed (2 s ago), [5s, 15s) is open.
        mention("kafka", 9_000, T0 + 12_000);

        assertThat(late.readKeyValuesToList()).singleElement().satisfies(record -> {
            assertThat(record.key).isEqualTo("kafka");
            assertThat(record.value.reason()).isEqualTo(LateMention.WINDOW_CLOSED);
            assertThat(record.value.windowStart()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(record.value.latenessMillis()).isEqualTo(2_000);
            assertThat(record.value.streamTime()).isEqualTo(Instant.ofEpochMilli(T0 + 12_000));
        });
        assertThat(changes(events.readValuesToList())).containsExactly(tuple("kafka", 5_000L, 1L));
    }

    @Test
    void shouldSendATooOldMentionLateForEachOfItsWindowsAndCountItInNone() {
        start(new WindowGrid(10_000, 5_000), 0, WindowCountProcessor.MAX_OPEN_TALLIES);

        input.pipeInput("kafka", timed("kafka", T0 + 7_000, T0 + 7_000 + 3_600_001, UNKNOWN), T0);

        assertThat(late.readValuesToList()).extracting(record -> record.windowStart().toEpochMilli() - T0,
                LateMention::reason, LateMention::latenessMillis)
            .containsExactly(tuple(0L, LateMention.TOO_OLD, 1L), tuple(5_000L, LateMention.TOO_OLD, 1L));
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldOpenNoWindowAgainOnceClosedNorCloseAnEmptyOne() {
        start(WindowGrid.tumbling(1_000), 0, WindowCountProcessor.MAX_OPEN_TALLIES);
        mention("kafka", 500, UNKNOWN);
        close(1_000);
        close(1_500);
        close(5_000);

        assertThat(closed.readValuesToList()).extracting(window -> window.start() - T0).containsExactly(0L);
        mention("kafka", 600, T0 + 5_000);
        assertThat(late.readValuesToList()).extracting(LateMention::latenessMillis).containsExactly(4_000L);
    }

    @Test
    void shouldCountExactlyWhenMoreTalliesAreOpenThanItKeepsOnTheHeap() {
        start(WindowGrid.tumbling(1_000), 0, 1);

        for (int round = 0; round < 3; round++) {
            mention("a", 100, UNKNOWN);
            mention("b", 100, UNKNOWN);
            mention("a", 1_100, UNKNOWN);
        }
        events.readValuesToList();
        close(2_000);

        assertThat(closed.readValuesToList()).extracting(window -> window.start() - T0,
                window -> window.tallies().get("a").count())
            .containsExactly(tuple(0L, 3L), tuple(1_000L, 3L));
    }

    @Test
    void shouldResumeHowFarItHadClosedAfterARestart() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, Long> clock = StageTesting.addStore(context, WatermarkClockProcessor.STORE, Serdes.String(), Serdes.Long());
        KeyValueStore<String, byte[]> tallies = StageTesting.addStore(context, STORE, Serdes.String(),
                Serdes.ByteArray());
        clock.put("closed-through:" + STORE, T0 + 5_000);
        Processor<String, WindowInput, String, Object> restarted = new WindowCountProcessor.Stage(STORE,
                WindowGrid.tumbling(1_000), new LateRule(0, 3_600_000), 10, true).get();
        restarted.init(context);

        restarted.process(new Record<>("kafka", timed("kafka", T0 + 5_500, T0 + 6_000, T0 + 6_000), T0 + 6_000));
        restarted.process(new Record<>("kafka", timed("kafka", T0 + 6_500, T0 + 7_000, T0 + 6_000), T0 + 7_000));

        assertThat(context.forwarded()).extracting(forward -> forward.childName().orElseThrow())
            .containsExactly(STORE + "-late", STORE + "-events");
        assertThat(WindowTally.fromBytes(tallies.get(WindowGrid.key(T0 + 6_000, "kafka"))).count()).isEqualTo(1);
        assertThat(clock.get("closed-through:" + STORE)).isEqualTo(T0 + 5_000);
    }

    private double metric(String name) {
        return driver.metrics().entrySet().stream()
            .filter(metric -> metric.getKey().name().equals(name))
            .mapToDouble(metric -> (Double) metric.getValue().metricValue())
            .sum();
    }
}
