package io.tagpulse.counter.app;

import java.util.Map;
import java.util.function.Function;

import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.streams.BoundedRocksDbConfig;
import io.tagpulse.streams.StreamsAppConfigurer;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.HashtagCountTopology;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The counter app, on the Kafka Streams binder: {@code input} hashtag mentions keyed by tag; {@code output} the
 * count of each tag per event-time window, keyed by tag; {@code late} the mentions that missed a closed window;
 * {@code moderation} the compacted moderation topic (a global table: every instance sees every decision);
 * {@code trends} each live trend per scope at every refresh. Unreadable records go to the dead-letter topic.
 */
@SpringBootApplication
@EnableConfigurationProperties(CounterProperties.class)
public class CounterApplication {

    public static void main(String[] args) {
        SpringApplication.run(CounterApplication.class, args);
    }

    /**
     * Named by {@code timestamp-extractor-bean-name} on the input binding: a record's timestamp is its Kafka
     * timestamp, which for a mention is when its post reached Tagpulse (the processor keeps it). The event time is
     * the mention's own field; windows close by the processor's watermarks, so neither moves the counter's clock.
     */
    @Bean
    UsePartitionTimeOnInvalidTimestamp arrivalTimestampExtractor() {
        return new UsePartitionTimeOnInvalidTimestamp();
    }

    /**
     * Curried: {@code countHashtags-in-0} ({@code input}, the mentions), then {@code -in-1} ({@code moderation}, the
     * moderation decisions as a global table, materialized as the {@code materialized-as} of its binding). The
     * topology's three outputs, in binding order: {@code countHashtags-out-0} ({@code output}, the counts),
     * {@code -out-1} ({@code late}, late mentions) and {@code -out-2} ({@code trends}, the trends).
     */
    @Bean
    Function<KStream<String, HashtagsTopicRecord>, Function<GlobalKTable<String, ModerationDecision>, KStream<?, ?>[]>> countHashtags(
            CounterProperties properties) {
        CounterSettings settings = properties.toSettings();
        return mentions -> moderation -> {
            HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(mentions, moderation, settings);
            return new KStream<?, ?>[] { streams.counts(), streams.late(), streams.trends() };
        };
    }

    /**
     * Applies {@code tagpulse.counter.commit-interval}, {@code standby-replicas} and {@code rocksdb-memory} to the Kafka Streams the binder builds. Primary because the
     * binder applies a configurer only if it is unique or primary, and Spring Boot's Kafka metrics add one (the
     * binder registers its own Kafka Streams metrics, so nothing is lost).
     */
    @Bean
    @Primary
    StreamsBuilderFactoryBeanConfigurer commitIntervalConfigurer(CounterProperties properties) {
        return new StreamsAppConfigurer(Map.of(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis(),
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, properties.standbyReplicas(),
                BoundedRocksDbConfig.MEMORY_CONFIG, Long.toString(properties.rocksdbMemory().toBytes())));
    }
}
