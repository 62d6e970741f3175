package io.tagpulse.counter.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageDriver;
import io.tagpulse.counter.support.StageTesting;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The emission of one window size's counts on its own: tally changes and closed windows in, as a count stage sends
 * them, counts out, with the driver's wall clock moved by hand.
 */
class CountEmitProcessorTests {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final String STORE = "window-tallies";

    private static final WindowGrid SECONDS = WindowGrid.tumbling(1_000);

    @RegisterExtension
    final StageDriver drivers = new StageDriver("emit-test");

    private TopologyTestDriver driver;

    private TestInputTopic<String, WindowEvent> events;

    private TestOutputTopic<String, HashtagCount> counts;

    private void start(EmitMode mode, Duration interval) {
        CountEmitProcessor.Stage stage = new CountEmitProcessor.Stage(SECONDS, mode, interval, STORE);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        builder.stream("events", Consumed.with(Serdes.String(), new ObjectSerde<WindowEvent>()))
            .process(stage, Named.as("emit"), STORE)
            .to("counts", Produced.with(Serdes.String(), new HashtagCountSerde()));
        driver = drivers.start(builder.build(), Instant.ofEpochMilli(T0 + 300_000));
        events = driver.createInputTopic("events", new StringSerializer(), new ObjectSerde<WindowEvent>()
            .serializer());
        counts = driver.createOutputTopic("counts", new StringDeserializer(), new HashtagCountSerde().deserializer());
    }

    private static WindowTally tally(String display, int count) {
        WindowTally tally = WindowTally.empty();
        for (int i = 0; i < count; i++) {
            tally.add(display);
        }
        return tally;
    }

    /** The tally of {@code tag} in the second starting at {@code second} is now {@code count}. */
    private void change(String tag, long second, int count, long eventMillis) {
        long start = T0 + second * 1_000;
        events.pipeInput(tag, new TallyChange(tag, start, start + 1_000, count, tag, T0 + eventMillis),
                T0 + 60_000 + eventMillis);
    }

    private void close(long second, Map<String, Integer> tallies) {
        long start = T0 + second * 1_000;
        TreeMap<String, WindowTally> closed = new TreeMap<>();
        tallies.forEach((tag, count) -> closed.put(tag, tally(tag.toUpperCase(), count)));
        ClosedWindow window = new ClosedWindow(start, start + 1_000, closed);
        events.pipeInput(window.key(), window, start + 999);
    }

    private Object[] counts() {
        return counts.readValuesToList().stream()
            .map(count -> tuple(count.tag(), count.windowStart().toEpochMilli() - T0, count.count()))
            .toArray();
    }

    @Test
    void shouldWriteEachChangeAtOnceWithItsMentionsArrivalWithoutAnEmitInterval() {
        start(EmitMode.UPDATES, Duration.ZERO);

        change("kafka", 0, 1, 100);
        change("kafka", 0, 2, 200);

        assertThat(counts.readRecordsToList()).extracting(record -> record.value().count(), TestRecord::timestamp)
            .containsExactly(tuple(1L, T0 + 60_100), tuple(2L, T0 + 60_200));
    }

    @Test
    void shouldWriteTheLatestTallyOfEachChangedWindowOnceEveryEmitInterval() {
        start(EmitMode.UPDATES, Duration.ofSeconds(1));
        change("kafka", 0, 1, 100);
        change("java", 0, 1, 150);
        change("kafka", 0, 2, 200);
        assertThat(counts.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(counts()).as("the tags of one window, in no promised order")
            .containsExactlyInAnyOrder(tuple("java", 0L, 1L), tuple("kafka", 0L, 2L));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteAWindowsWaitingUpdateAsSoonAsTheNewestEventTimePassesItsEnd() {
        // An emit interval no test reaches: only the end of a window writes its update.
        start(EmitMode.UPDATES, Duration.ofMinutes(1));
        change("kafka", 0, 1, 100);
        change("kafka", 0, 2, 999);
        assertThat(counts.isEmpty()).isTrue();

        change("kafka", 1, 1, 1_000);
        assertThat(counts()).containsExactly(tuple("kafka", 0L, 2L));

        // A mention counted in the ended window afterwards (late, within grace): written within 100 ms.
        change("kafka", 0, 3, 900);
        assertThat(counts.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(counts()).containsExactly(tuple("kafka", 0L, 3L));
    }

    @Test
    void shouldWriteAClosingWindowsWaitingUpdateWhenItClosesWithItsLastMillisecondAsTimestamp() {
        start(EmitMode.UPDATES, Duration.ofMinutes(1));
        change("kafka", 0, 1, 100);
        change("kafka", 0, 2, 200);

        close(0, Map.of("kafka", 2));

        assertThat(counts.readRecordsToList()).extracting(record -> record.value().count(), TestRecord::timestamp)
            .containsExactly(tuple(2L, T0 + 999));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteEachWindowOnceWithItsFinalTalliesWhenItClosesInFinalMode() {
        start(EmitMode.FINAL, Duration.ZERO);
        change("kafka", 0, 1, 100);
        change("java", 0, 1, 200);
        assertThat(counts.isEmpty()).isTrue();

        close(0, Map.of("kafka", 3, "java", 1));

        assertThat(counts.readValuesToList()).extracting(HashtagCount::tag, HashtagCount::count,
                HashtagCount::display, HashtagCount::windowEnd)
            .containsExactly(tuple("java", 1L, "JAVA", Instant.ofEpochMilli(T0 + 1_000)),
                    tuple("kafka", 3L, "KAFKA", Instant.ofEpochMilli(T0 + 1_000)));
    }

    @Test
    void shouldWriteEveryOpenWindowOnceMoreAfterARestart() {
        MockProcessorContext<String, HashtagCount> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> tallies = StageTesting.addStore(context, STORE, Serdes.String(),
                Serdes.ByteArray());
        // Counted and committed before the restart, their updates perhaps never written.
        tallies.put(WindowGrid.key(T0, "kafka"), tally("Kafka", 4).toBytes());
        tallies.put(WindowGrid.key(T0 + 1_000, "java"), tally("java", 1).toBytes());
        Processor<String, WindowEvent, String, HashtagCount> restarted = new CountEmitProcessor.Stage(SECONDS,
                EmitMode.UPDATES, Duration.ofSeconds(1), STORE).get();

        restarted.init(context);
        assertThat(context.forwarded()).isEmpty();
        context.scheduledPunctuators().stream()
            .filter(punctuator -> punctuator.getType() == PunctuationType.WALL_CLOCK_TIME
                    && punctuator.getInterval().equals(Duration.ofSeconds(1)))
            .forEach(punctuator -> punctuator.getPunctuator().punctuate(T0 + 300_000));

        assertThat(context.forwarded()).extracting(forward -> forward.record().value())
            .extracting(HashtagCount::tag, HashtagCount::count, HashtagCount::display)
            .containsExactly(tuple("kafka", 4L, "Kafka"), tuple("java", 1L, "java"));
    }
}
