package io.tagpulse.counter.trend;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.counter.TrendingTagsSerde;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.window.ClosedWindow;
import io.tagpulse.counter.window.WindowTally;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The trend stage on its own, on {@link TopologyTestDriver}: closed velocity windows in, as the counting hands them
 * over, the top K of each window out. The scores are checked against the formula worked out by hand.
 */
class TrendTopologyTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final long SIZE = 1_000;

    private static final TrendSettings SETTINGS = new TrendSettings(2, 0.2, 5, 60);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    private TestInputTopic<String, ClosedWindow> closed;

    private TestOutputTopic<String, TrendingTags> trending;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(TrendSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        TrendTopology.build(builder.stream("closed-windows", Consumed.with(Serdes.String(), new ObjectSerde<>())),
                settings)
            .to("trending", Produced.with(Serdes.String(), new TrendingTagsSerde()));
        Properties config = StageTesting.config("trend-test", stateDir);
        driver = new TopologyTestDriver(builder.build(), config);
        closed = driver.createInputTopic("closed-windows", new StringSerializer(), new ObjectSerde<ClosedWindow>()
            .serializer());
        trending = driver.createOutputTopic("trending", new StringDeserializer(),
                new TrendingTagsSerde().deserializer());
    }

    /** The window starting {@code second} seconds after {@link #T0} closes with these counts. */
    private void close(long second, Map<String, Integer> counts) {
        SortedMap<String, WindowTally> tallies = new TreeMap<>();
        counts.forEach((tag, count) -> {
            WindowTally tally = WindowTally.empty();
            for (int i = 0; i < count; i++) {
                tally.add(tag);
            }
            tallies.put(tag, tally);
        });
        long start = T0.toEpochMilli() + second * SIZE;
        ClosedWindow window = new ClosedWindow(start, start + SIZE, tallies);
        closed.pipeInput(window.key(), window, start + SIZE - 1);
    }

    @Test
    void shouldRankASmallTagThatSurgesAboveABigTagAtItsUsualRate() {
        start(SETTINGS);

        for (int second = 0; second < 10; second++) {
            close(second, Map.of("big", 20, "steady", 6, "small", second == 9 ? 15 : 1));
        }

        List<KeyValue<String, TrendingTags>> rankings = trending.readKeyValuesToList();
        assertThat(rankings).hasSize(10);
        KeyValue<String, TrendingTags> surge = rankings.get(9);
        assertThat(surge.key).isEqualTo(T0.plusSeconds(9).toString());
        assertThat(surge.value.windowStart()).isEqualTo(T0.plusSeconds(9));
        assertThat(surge.value.windowEnd()).isEqualTo(T0.plusSeconds(10));
        assertThat(surge.value.partitions()).isEqualTo(1);
        // After nine windows of c, a baseline is c·(1 - 0.8^9); the score is (count + 5) / (baseline + 5).
        double usual = 1 - Math.pow(0.8, 9);
        assertThat(surge.value.tags()).extracting(TagTrend::tag, TagTrend::count)
            .containsExactly(tuple("small", 15L), tuple("big", 20L));
        assertThat(surge.value.tags().get(0).baseline()).isCloseTo(usual, offset(1e-9));
        assertThat(surge.value.tags().get(0).score()).isCloseTo(20 / (usual + 5), offset(1e-9));
        assertThat(surge.value.tags().get(1).score()).isCloseTo(25 / (20 * usual + 5), offset(1e-9));
        // In the first window every tag is new; the biggest is the most surprising.
        assertThat(rankings.get(0).value.tags()).extracting(TagTrend::tag).containsExactly("big", "steady");
    }

    @Test
    void shouldDecayTheBaselineOfATagOverTheWindowsWithoutIt() {
        start(SETTINGS);

        close(0, Map.of("kafka", 10));
        close(1, Map.of("java", 1));
        // Window 4: three windows after the last one with kafka, two of them without it.
        close(4, Map.of("kafka", 10));

        TrendingTags fourth = trending.readValuesToList().get(2);
        // 0.2 · 10 after window 0, then times 0.8 for each of the windows 1, 2 and 3 without it.
        assertThat(fourth.tags()).singleElement().satisfies(trend -> {
            assertThat(trend.baseline()).isCloseTo(2 * 0.8 * 0.8 * 0.8, offset(1e-12));
            assertThat(trend.score()).isCloseTo(15 / (2 * 0.512 + 5), offset(1e-12));
        });
    }

    @Test
    void shouldListAtMostTopKTagsBestFirstWithTiesByCountThenTag() {
        start(new TrendSettings(3, 0.2, 5, 60));

        close(0, Map.of("b", 2, "a", 2, "c", 3, "d", 1));

        // All new: the score is 1 + count / 5, so the order is by count, then tag.
        assertThat(trending.readValue().tags()).extracting(TagTrend::tag).containsExactly("c", "a", "b");
    }

    @Test
    void shouldForgetTheBaselineOfATagThatVanishedButKeepTheLiveOnes() {
        start(SETTINGS);
        KeyValueStore<String, String> baselines = driver.getKeyValueStore(PartialRankingProcessor.STORE);

        close(0, Map.of("gone", 1, "live", 1));
        close(1, Map.of("live", 1));
        assertThat(baselines.get("gone")).isEqualTo("0.2@" + T0.toEpochMilli());

        // A pruning point (T0 is on the grid of 600 windows): "gone" has decayed to nothing since window 0.
        close(PartialRankingProcessor.PRUNE_EVERY_WINDOWS, Map.of("live", 1));

        assertThat(baselines.get("gone")).isNull();
        assertThat(baselines.get("live")).isNotNull();
    }

    @Test
    void shouldWriteEachRankingWithTheTimestampOfItsWindowsLastMillisecond() {
        start(SETTINGS);

        close(3, Map.of("kafka", 1));

        TestRecord<String, TrendingTags> record = trending.readRecord();
        assertThat(record.timestamp()).isEqualTo(T0.plusSeconds(4).toEpochMilli() - 1);
        assertThat(record.getValue().tags()).extracting(TagTrend::tag).containsExactly("kafka");
    }
}
