package io.tagpulse.counter.bench;

import java.time.Duration;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.HashtagCountTopology;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.HashtagsTopicSerde;
import io.tagpulse.testing.PlainStreamsApp;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The benchmark's reference: the minimal Kafka Streams application without Spring that does the same windowed
 * count (1 s tumbling windows, 10 s grace, same serdes and timestamp extractor, exactly_once_v2, same commit
 * interval). Run as a child process by {@link CounterBenchmark}: {@code <bootstrap> <application id> <input>
 * <output> <state dir> [counter-topology]}; with {@code counter-topology} it runs the counter's own topology instead
 * (1 s windows, 10 s grace, no hopping), still without Spring.
 */
public final class PlainWindowedCount {

    private PlainWindowedCount() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, HashtagsTopicRecord> mentions = builder.stream(args[2], Consumed.with(Serdes.String(),
                new HashtagsTopicSerde()).withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()));
        if (args.length > 5 && args[5].equals("counter-topology")) {
            // The counter's own topology without Spring: tells the topology's cost from the framework's.
            CounterSettings settings = CounterSettings.defaults()
                .withWindows(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10));
            HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(mentions,
                    builder.globalTable(args[2] + "-moderation", Consumed.with(Serdes.String(),
                            new ModerationDecisionSerde()), Materialized.as("trend-moderation")), settings);
            streams.counts().to(args[3], Produced.with(Serdes.String(), new HashtagCountSerde()));
            streams.late().to(args[3] + "-late", Produced.with(Serdes.String(), new LateMentionSerde()));
            streams.trends().to(args[3] + "-trends", Produced.with(Serdes.String(), new TrendUpdateSerde()));
        }
        else {
            mentions.groupByKey(Grouped.with(Serdes.String(), new HashtagsTopicSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .count()
                .toStream()
                .map((window, count) -> KeyValue.pair(window.key(), new HashtagCount(window.key(),
                        window.window().startTime(), window.window().endTime(), count)))
                .to(args[3], Produced.with(Serdes.String(), new HashtagCountSerde()));
        }
        PlainStreamsApp.runUntilStopped(builder.build(), args[0], args[1], args[4], 1_000);
    }
}
