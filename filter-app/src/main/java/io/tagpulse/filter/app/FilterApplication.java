package io.tagpulse.filter.app;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.filter.FilterOutcome;
import io.tagpulse.filter.PostFilter;
import io.tagpulse.filter.PostFilterTopology;
import io.tagpulse.filter.PostRecord;
import io.tagpulse.streams.BoundedRocksDbConfig;
import io.tagpulse.streams.StreamsAppConfigurer;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The filter app, on the Kafka Streams binder: {@code input} posts, {@code rules} the compacted rules topic (a global
 * table), {@code output} the posts worth counting, unchanged and keyed by post id. Unreadable posts, and posts the
 * custom expression fails on, go to the dead-letter topic with the reason in {@code x-exception-message}.
 */
@SpringBootApplication
@EnableConfigurationProperties(FilterProperties.class)
public class FilterApplication {

    /** Metric counting posts by outcome, tagged {@code outcome=accepted|language|…|duplicate|expression_failed}. */
    static final String POSTS_METRIC = "tagpulse.filter.posts";

    public static void main(String[] args) {
        SpringApplication.run(FilterApplication.class, args);
    }

    /**
     * Applies {@code tagpulse.filter.rocksdb-memory} to the Kafka Streams the binder builds (the bound itself is
     * {@link BoundedRocksDbConfig}, set as {@code rocksdb.config.setter} in application.yml). Primary because the
     * binder applies a configurer only if it is unique or primary, and Spring Boot's Kafka metrics add one.
     */
    @Bean
    @Primary
    StreamsBuilderFactoryBeanConfigurer rocksDbMemoryConfigurer(FilterProperties properties) {
        return new StreamsAppConfigurer(
                Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, Long.toString(properties.rocksdbMemory().toBytes())));
    }

    @Bean
    PostFilter postFilter(FilterProperties properties) {
        String expression = properties.expression();
        if (expression == null || expression.isBlank()) {
            return new PostFilter(properties.toRules(), new HashtagExtractor());
        }
        return new PostFilter(properties.toRules(), new HashtagExtractor(), PostExpression.parse(expression));
    }

    @Bean
    PostFilterTopology.Listener filterMetrics(MeterRegistry registry) {
        Map<FilterOutcome, Counter> outcomes = new EnumMap<>(FilterOutcome.class);
        for (FilterOutcome outcome : FilterOutcome.values()) {
            outcomes.put(outcome, registry.counter(POSTS_METRIC, "outcome", outcome.metricName()));
        }
        Counter duplicates = registry.counter(POSTS_METRIC, "outcome", "duplicate");
        Counter failed = registry.counter(POSTS_METRIC, "outcome", "expression_failed");
        return new PostFilterTopology.Listener() {

            @Override
            public void outcome(FilterOutcome outcome) {
                outcomes.get(outcome).increment();
            }

            @Override
            public void duplicate() {
                duplicates.increment();
            }

            @Override
            public void failed() {
                failed.increment();
            }
        };
    }

    @Bean
    BiFunction<KStream<String, PostRecord>, GlobalKTable<String, String>, KStream<String, byte[]>> filterPosts(
            PostFilter filter, FilterProperties properties, PostFilterTopology.Listener listener) {
        return (posts, rules) -> PostFilterTopology.build(posts, rules, filter, properties.dedupeWindow(),
                properties.deadLetterTopic(), listener);
    }
}
