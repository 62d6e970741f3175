package io.tagpulse.benchmarks.pipeline;

import java.time.Duration;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.testing.PlainStreamsApp;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The counter's reference: the minimal Kafka Streams application without Spring that does the counter's windowed
 * counts with its default settings (1 s tumbling windows and 1 min windows hopping by 10 s, 10 s grace, counts by
 * event time, exactly_once_v2, a commit every 250 ms as the counter's default) and writes them as
 * {@link HashtagCount} JSON. No late-mention routing, no trending, no emit-interval logic and default RocksDB
 * settings: what the counter adds to this is what the ratio measures. Run as a child JVM by {@link StageBenchmark}:
 * {@code <bootstrap> <application id> <input> <output> <state dir> [commit interval ms]}.
 */
public final class PlainWindowedCount {

    private PlainWindowedCount() {
    }

    public static void main(String[] args) throws InterruptedException {
        Serde<HashtagMention> mentions = new MentionJsonSerde();
        Serde<HashtagCount> counts = Serdes.serdeFrom((topic, count) -> TagpulseJson.write(count),
                (topic, bytes) -> TagpulseJson.readCount(bytes));
        StreamsBuilder builder = new StreamsBuilder();
        KGroupedStream<String, HashtagMention> grouped = builder
            .stream(args[2], Consumed.with(Serdes.String(), mentions)
                .withTimestampExtractor((record, partitionTime) -> record.value() instanceof HashtagMention mention
                        && mention.eventTime() != null ? mention.eventTime().toEpochMilli() : partitionTime))
            .groupByKey(Grouped.with(Serdes.String(), mentions));
        for (TimeWindows windows : new TimeWindows[] {
                TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1), Duration.ofSeconds(10)),
                TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10))
                    .advanceBy(Duration.ofSeconds(10)) }) {
            grouped.windowedBy(windows)
                .count()
                .toStream()
                .map((window, count) -> KeyValue.pair(window.key(), new HashtagCount(window.key(),
                        window.window().startTime(), window.window().endTime(), count)))
                .to(args[3], Produced.with(Serdes.String(), counts));
        }
        PlainStreamsApp.runUntilStopped(builder.build(), args[0], args[1], args[4],
                args.length > 5 ? Integer.parseInt(args[5]) : 250);
    }
}
