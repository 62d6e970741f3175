package io.tagpulse.counter.window;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.HashtagsTopicSerde;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageDriver;
import io.tagpulse.counter.support.StageTesting;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock stage on its own: the hashtags topic in, as the app reads it ({@link HashtagsTopicSerde}, the arrival
 * as timestamp), the window counts' input out.
 */
class WatermarkClockProcessorTests {

    private static final long HOUR = 3_600_000;

    private static final LateRule RULE = new LateRule(10_000, HOUR);

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @RegisterExtension
    final StageDriver drivers = new StageDriver("clock-test");

    private TopologyTestDriver driver;

    private TestInputTopic<String, String> hashtags;

    private TestOutputTopic<String, WindowInput> timed;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("hashtags", Consumed.with(Serdes.String(), new HashtagsTopicSerde())
            .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()))
            .process(WatermarkClockProcessor.supplier(RULE), Named.as("clock"))
            .to("timed", Produced.with(Serdes.String(), new ObjectSerde<>()));
        driver = drivers.start(builder.build());
        hashtags = driver.createInputTopic("hashtags", new StringSerializer(), new StringSerializer());
        timed = driver.createOutputTopic("timed", new StringDeserializer(), new ObjectSerde<WindowInput>()
            .deserializer());
    }

    private void mention(String tag, long eventTime, long arrival) {
        hashtags.pipeInput(tag, TagpulseJson.writeString(new HashtagMention(tag, tag, "p", "test", "en",
                Instant.ofEpochMilli(eventTime))), arrival);
    }

    private void watermark(int partitions, Map<Integer, Long> marks, Set<Integer> idle) {
        Map<Integer, Long> absolute = new TreeMap<>();
        marks.forEach((partition, mark) -> absolute.put(partition, T0 + mark));
        hashtags.pipeInput(new TestRecord<>(null, TagpulseJson.writeString(new Watermark(partitions, absolute, idle)),
                new RecordHeaders().add(Watermark.HEADER, new byte[] { '1' }), T0));
    }

    @Test
    void shouldSendTheCloseTimeOnceEveryPartitionIsHeardOfAndEachTimeItGrows() {
        watermark(2, Map.of(0, 5_000L), Set.of());
        assertThat(timed.isEmpty()).as("partition 1 unheard of").isTrue();

        watermark(2, Map.of(1, 7_000L), Set.of());
        watermark(2, Map.of(0, 6_000L), Set.of());
        // Partition 0 reports an older mark (a new owner after a rebalance): marks only grow, nothing moves.
        watermark(2, Map.of(0, 5_500L), Set.of());
        // Partition 0 idle: partition 1 alone holds the close time.
        watermark(2, Map.of(), Set.of(0));

        assertThat(timed.readValuesToList()).containsExactly(new CloseTime(T0 + 5_000), new CloseTime(T0 + 6_000),
                new CloseTime(T0 + 7_000));
    }

    @Test
    void shouldPlaceEachMentionInEventTimeWithItsArrivalAndTheCloseTimeWhenItArrived() {
        mention("kafka", T0 + 500, T0 + 60_000);
        watermark(1, Map.of(0, 11_000L), Set.of());
        mention("java", T0 + 700, T0 + 61_000);

        List<KeyValue<String, WindowInput>> out = timed.readKeyValuesToList();
        assertThat(out).extracting(record -> record.key).containsExactly("kafka", null, "java");
        assertThat(out.get(0).value).isInstanceOfSatisfying(TimedMention.class, mention -> {
            assertThat(mention.tag()).isEqualTo("kafka");
            assertThat(mention.eventTime()).isEqualTo(T0 + 500);
            assertThat(mention.arrival()).isEqualTo(T0 + 60_000);
            assertThat(mention.closeTime()).isEqualTo(UpstreamWatermarks.UNKNOWN);
        });
        assertThat(out.get(2).value).isInstanceOfSatisfying(TimedMention.class,
                mention -> assertThat(mention.closeTime()).isEqualTo(T0 + 11_000));
    }

    @Test
    void shouldDateAMentionFromBeyondTheMaxDelayAheadAtItsArrival() {
        mention("wrongclock", T0 + 24 * HOUR, T0 + 2_000);

        assertThat(timed.readValue()).isInstanceOfSatisfying(TimedMention.class,
                mention -> assertThat(mention.eventTime()).isEqualTo(T0 + 2_000));
    }

    @Test
    void shouldDropAMentionWithoutKeyAndCountIt() {
        hashtags.pipeInput(null, TagpulseJson.writeString(new HashtagMention("kafka", "kafka", "p", "test", "en",
                Instant.ofEpochMilli(T0))), T0);
        mention("kafka", T0 + 100, T0 + 100);

        assertThat(timed.readKeyValuesToList()).extracting(record -> record.key).containsExactly("kafka");
        assertThat(driver.metrics().entrySet()).filteredOn(metric -> metric.getKey().name()
            .equals("mentions-without-key-total"))
            .singleElement()
            .satisfies(metric -> assertThat(metric.getValue().metricValue()).isEqualTo(1.0));
    }

    @Test
    void shouldKeepTheWatermarksAndTheCloseTimeInItsStoreUnderTheKeysItAlwaysHad() {
        watermark(2, Map.of(0, 5_000L, 1, 7_000L), Set.of());
        watermark(2, Map.of(), Set.of(1));

        KeyValueStore<String, Long> clock = driver.getKeyValueStore(WatermarkClockProcessor.STORE);
        assertThat(clock.get("upstream-partitions")).isEqualTo(2L);
        assertThat(clock.get("upstream-mark:0")).isEqualTo(T0 + 5_000);
        assertThat(clock.get("upstream-mark:1")).isEqualTo(T0 + 7_000);
        assertThat(clock.get("upstream-idle:0")).isZero();
        assertThat(clock.get("upstream-idle:1")).isOne();
        assertThat(clock.get("close-time")).isEqualTo(T0 + 5_000);
    }

    @Test
    void shouldResumeFromItsStoreAfterARestart() {
        MockProcessorContext<String, WindowInput> context = new MockProcessorContext<>();
        KeyValueStore<String, Long> clock = StageTesting.addStore(context, WatermarkClockProcessor.STORE, Serdes.String(), Serdes.Long());
        // As the task left it: two partitions read to 5 s and 9 s, the close time at 5 s.
        clock.put("upstream-partitions", 2L);
        clock.put("upstream-mark:0", T0 + 5_000);
        clock.put("upstream-mark:1", T0 + 9_000);
        clock.put("upstream-idle:0", 0L);
        clock.put("upstream-idle:1", 0L);
        clock.put("close-time", T0 + 5_000);
        Processor<String, HashtagsTopicRecord, String, WindowInput> restarted = WatermarkClockProcessor.supplier(RULE)
            .get();
        restarted.init(context);

        restarted.process(new Record<>("kafka", new HashtagMention("kafka", "kafka", "p", "test", "en",
                Instant.ofEpochMilli(T0 + 4_000)), T0 + 4_000));
        // Only partition 0 reports: partition 1's mark, from the store, holds the close time at 9 s.
        restarted.process(new Record<>(null, new Watermark(2, Map.of(0, T0 + 12_000), Set.of()), T0));

        assertThat(context.forwarded()).extracting(forward -> forward.record().value())
            .satisfiesExactly(mention -> assertThat(((TimedMention) mention).closeTime()).isEqualTo(T0 + 5_000),
                    close -> assertThat(close).isEqualTo(new CloseTime(T0 + 9_000)));
    }
}
