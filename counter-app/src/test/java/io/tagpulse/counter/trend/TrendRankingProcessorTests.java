package io.tagpulse.counter.trend;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.counter.TrendingTagsSerde;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageTesting;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phase two of the trending on its own, on {@link TopologyTestDriver}: the partial rankings of several partitions
 * in, as the one-partition repartition topic delivers them, the global top K of each window out.
 */
class TrendRankingProcessorTests {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    private TestInputTopic<String, PartialRanking> partials;

    private TestOutputTopic<String, TrendingTags> trending;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("partials", Consumed.with(Serdes.String(), new ObjectSerde<PartialRanking>()))
            .process(TrendRankingProcessor.supplier(new TrendSettings(2, 0.2, 5, 2)))
            .to("trending", Produced.with(Serdes.String(), new TrendingTagsSerde()));
        Properties config = StageTesting.config("trend-ranking-test", stateDir);
        driver = new TopologyTestDriver(builder.build(), config);
        partials = driver.createInputTopic("partials", new StringSerializer(), new ObjectSerde<PartialRanking>()
            .serializer());
        trending = driver.createOutputTopic("trending", new StringDeserializer(),
                new TrendingTagsSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /** Partition {@code partition}'s ranking of the window starting {@code second} seconds after T0. */
    private void report(long second, int partition, TagTrend... tags) {
        long start = T0 + second * 1_000;
        partials.pipeInput(Instant.ofEpochMilli(start).toString(), new PartialRanking(start, start + 1_000, partition,
                List.of(tags)));
    }

    private static TagTrend trend(String tag, double score) {
        return new TagTrend(tag, 1, 0, score);
    }

    private static List<String> tags(TrendingTags ranking) {
        return ranking.tags().stream().map(TagTrend::tag).toList();
    }

    @Test
    void shouldMergeThePartitionsRankingsIntoTheGlobalTopKEachTimeOneReports() {
        report(0, 0, trend("a", 3), trend("b", 1));
        report(0, 1, trend("c", 2), trend("d", 1.5));

        List<TrendingTags> rankings = trending.readValuesToList();
        assertThat(rankings).extracting(TrendingTags::partitions).containsExactly(1, 2);
        assertThat(tags(rankings.get(0))).containsExactly("a", "b");
        assertThat(tags(rankings.get(1))).containsExactly("a", "c");
        assertThat(rankings.get(1).windowStart()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void shouldReplaceAPartitionsEarlierRankingOfAWindowNotAddToIt() {
        report(0, 0, trend("a", 3));
        report(0, 1, trend("c", 2));
        // Partition 0 again (a replay): its new ranking replaces its old one.
        report(0, 0, trend("b", 1));

        List<TrendingTags> rankings = trending.readValuesToList();
        assertThat(rankings.get(2).partitions()).isEqualTo(2);
        assertThat(tags(rankings.get(2))).containsExactly("c", "b");
    }

    @Test
    void shouldDropARankingOfAWindowOlderThanTheRetainedOnes() {
        report(0, 0, trend("a", 3));
        report(1, 0, trend("a", 3));
        report(2, 0, trend("a", 3));
        report(3, 0, trend("a", 3));
        trending.readValuesToList();

        // Two windows are retained: window 0 is gone, and a late ranking of it does not bring it back.
        report(0, 1, trend("z", 9));
        report(2, 1, trend("z", 9));

        assertThat(trending.readValuesToList()).singleElement().satisfies(ranking -> {
            assertThat(ranking.windowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 2_000));
            assertThat(tags(ranking)).containsExactly("z", "a");
        });
    }
}
