package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.HashtagCountTopology;
import io.tagpulse.counter.HashtagsTopicSerde;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The trends the counter must have written, computed again without the pipeline: the committed hashtags topic (the
 * mentions and the processor's watermarks, which set the close time) is read partition by partition in offset order,
 * and each partition is piped, with its records' keys, values, headers and timestamps, through the counter's own
 * topology ({@link HashtagCountTopology}, built as the app builds it: the same serdes, the arrival-time timestamp
 * extractor, an empty moderation table) in a {@link TopologyTestDriver} of its own, so that it is one task with
 * fresh state, as the partition's task is in the app. The trend stage is event-time only, so this is what the
 * counter writes for that partition whatever crashed, restarted or moved in between.
 */
final class HashtagsReplay {

    private static final String MENTIONS = "replay-hashtags";

    private static final String TRENDS = "replay-trends";

    private HashtagsReplay() {
    }

    /**
     * @param stateDirs where each driver's state directory is made (and deleted after)
     * @return the trend updates the topology writes for each partition of the hashtags topic, in order, by partition
     */
    static Map<Integer, List<KeyValue<String, TrendUpdate>>> trends(String bootstrapServers, CounterSettings settings,
            Path stateDirs) {
        Map<Integer, List<KeyValue<String, TrendUpdate>>> byPartition = new TreeMap<>();
        CommittedRecords.read(bootstrapServers, Topics.HASHTAGS)
            .forEach((partition, records) -> byPartition.put(partition, replay(records, settings, stateDirs)));
        return byPartition;
    }

    private static List<KeyValue<String, TrendUpdate>> replay(List<ConsumerRecord<byte[], byte[]>> records,
            CounterSettings settings, Path stateDirs) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory(stateDirs, "hashtags-replay-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "tagpulse-counter-replay");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(settings), config, Instant.now())) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(MENTIONS, new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                input.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), record.timestamp()));
            }
            return new ArrayList<>(driver.createOutputTopic(TRENDS, new StringDeserializer(),
                    new TrendUpdateSerde().deserializer()).readKeyValuesToList());
        }
        finally {
            deleteDirectory(stateDir);
        }
    }

    /** The counter app's topology (its function bean's wiring) on the replay's topics. */
    private static Topology topology(CounterSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, HashtagsTopicRecord> mentions = builder.stream(MENTIONS,
                Consumed.with(Serdes.String(), new HashtagsTopicSerde())
                    .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()));
        GlobalKTable<String, ModerationDecision> moderation = builder.globalTable("replay-moderation",
                Consumed.with(Serdes.String(), new ModerationDecisionSerde()), Materialized.as("trend-moderation"));
        HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(mentions, moderation, settings);
        streams.counts().to("replay-counts", Produced.with(Serdes.String(), new HashtagCountSerde()));
        streams.late().to("replay-late", Produced.with(Serdes.String(), new LateMentionSerde()));
        streams.trends().to(TRENDS, Produced.with(Serdes.String(), new TrendUpdateSerde()));
        return builder.build();
    }

    private static void deleteDirectory(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
