package io.tagpulse.counter.app;

import java.util.Map;

import io.tagpulse.contracts.Topics;
import io.tagpulse.streams.BoundedRocksDbConfig;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.HashtagsTopicSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.stream.binder.kafka.streams.DeserializationExceptionHandler;
import org.springframework.cloud.stream.binder.kafka.streams.properties.KafkaStreamsBinderConfigurationProperties;
import org.springframework.cloud.stream.binder.kafka.streams.properties.KafkaStreamsConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.streams.properties.KafkaStreamsConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.streams.properties.KafkaStreamsProducerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamFunctionProperties;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's {@code application.yml} bound into the Kafka Streams binder's own property classes, as the binder binds
 * it: what reaches the binder, not just what the file says. {@code CounterApplicationIT} shows the binder acting on
 * it against a broker.
 */
class CounterConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer());

    private static <T> T bind(Environment environment, String prefix, T target) {
        return Binder.get(environment).bindOrCreate(prefix, Bindable.ofInstance(target));
    }

    private static KafkaStreamsBinderConfigurationProperties binder(Environment environment) {
        KafkaStreamsBinderConfigurationProperties binder = new KafkaStreamsBinderConfigurationProperties(
                new KafkaProperties(), new StaticListableBeanFactory().getBeanProvider(KafkaConnectionDetails.class));
        return bind(environment, "spring.cloud.stream.kafka.streams.binder", binder);
    }

    @Test
    void shouldDeriveTheApplicationIdFromTheDataFlowStreamName() {
        runner.withPropertyValues("spring.cloud.dataflow.stream.name=trends").run(context -> {
            assertThat(binder(context.getEnvironment()).getFunctions().get("countHashtags").getApplicationId())
                .isEqualTo("trends-counter");
        });
        runner.run(context -> {
            assertThat(binder(context.getEnvironment()).getFunctions().get("countHashtags").getApplicationId())
                .isEqualTo("tagpulse-counter");
        });
    }

    @Test
    void shouldSendUnreadableMentionsToTheDeadLetterTopic() {
        runner.run(context -> {
            KafkaStreamsConsumerProperties input = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.input.consumer", new KafkaStreamsConsumerProperties());
            assertThat(binder(context.getEnvironment()).getDeserializationExceptionHandler())
                .isEqualTo(DeserializationExceptionHandler.sendToDlq);
            assertThat(input.getDlqName()).isEqualTo(Topics.DEAD_LETTER);
        });
    }

    @Test
    void shouldReadAndWriteWithTheCounterSerdesAndEventTime() {
        runner.run(context -> {
            KafkaStreamsConsumerProperties input = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.input.consumer", new KafkaStreamsConsumerProperties());
            KafkaStreamsProducerProperties output = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.output.producer", new KafkaStreamsProducerProperties());
            assertThat(input.getKeySerde()).isEqualTo(Serdes.StringSerde.class.getName());
            assertThat(input.getValueSerde()).isEqualTo(HashtagsTopicSerde.class.getName());
            assertThat(input.getTimestampExtractorBeanName()).isEqualTo("arrivalTimestampExtractor");
            assertThat(output.getKeySerde()).isEqualTo(Serdes.StringSerde.class.getName());
            assertThat(output.getValueSerde()).isEqualTo(HashtagCountSerde.class.getName());
        });
    }

    @Test
    void shouldMapTheFunctionToTheDataFlowBindingsAndDefaultTopics() {
        runner.run(context -> {
            StreamFunctionProperties function = bind(context.getEnvironment(), "spring.cloud.stream.function",
                    new StreamFunctionProperties());
            BindingServiceProperties bindings = bind(context.getEnvironment(), "spring.cloud.stream",
                    new BindingServiceProperties());
            assertThat(function.getInputBindings("countHashtags")).containsExactly("input", "moderation");
            assertThat(function.getOutputBindings("countHashtags")).containsExactly("output", "late", "trends");
            assertThat(bindings.getBindingDestination("input")).isEqualTo(Topics.HASHTAGS);
            assertThat(bindings.getBindingDestination("output")).isEqualTo(Topics.HASHTAG_COUNTS);
            assertThat(bindings.getBindingDestination("late")).isEqualTo(Topics.LATE_MENTIONS);
            assertThat(bindings.getBindingDestination("trends")).isEqualTo(Topics.TRENDS);
            assertThat(bindings.getBindingDestination("moderation")).isEqualTo(Topics.TREND_MODERATION);
        });
    }

    @Test
    void shouldNameTheExtraOutputsAfterTheDataFlowStream() {
        runner.withPropertyValues("spring.cloud.dataflow.stream.name=trends").run(context -> {
            BindingServiceProperties bindings = bind(context.getEnvironment(), "spring.cloud.stream",
                    new BindingServiceProperties());
            assertThat(bindings.getBindingDestination("late")).isEqualTo("trends.late-mentions");
            assertThat(bindings.getBindingDestination("trends")).isEqualTo("trends.trends");
            assertThat(bindings.getBindingDestination("moderation")).isEqualTo("trends.trend-moderation");
        });
    }

    @Test
    void shouldWriteLateMentionsAndTrendsAndReadModerationWithTheirSerdes() {
        runner.run(context -> {
            KafkaStreamsProducerProperties late = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.late.producer", new KafkaStreamsProducerProperties());
            KafkaStreamsProducerProperties trends = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.trends.producer",
                    new KafkaStreamsProducerProperties());
            KafkaStreamsConsumerProperties moderation = bind(context.getEnvironment(),
                    "spring.cloud.stream.kafka.streams.bindings.moderation.consumer",
                    new KafkaStreamsConsumerProperties());
            assertThat(late.getValueSerde()).isEqualTo(LateMentionSerde.class.getName());
            assertThat(trends.getValueSerde()).isEqualTo(TrendUpdateSerde.class.getName());
            assertThat(moderation.getValueSerde()).isEqualTo(ModerationDecisionSerde.class.getName());
            assertThat(moderation.getMaterializedAs()).isEqualTo("trend-moderation");
            assertThat(moderation.getDlqName()).isEqualTo(Topics.DEAD_LETTER);
        });
    }

    @Test
    void shouldBoundRocksDbMemoryWithTheSharedCacheSetter() {
        runner.run(context -> assertThat(binder(context.getEnvironment()).getConfiguration())
            .containsEntry("rocksdb.config.setter", BoundedRocksDbConfig.class.getName()));
    }

    @Test
    void shouldProcessExactlyOnceOnTopicsOfAtLeastFourPartitions() {
        runner.run(context -> {
            KafkaStreamsBinderConfigurationProperties binder = binder(context.getEnvironment());
            Map<String, String> streams = binder.getConfiguration();
            assertThat(streams).containsEntry("processing.guarantee", "exactly_once_v2")
                .doesNotContainKey("replication.factor");
            assertThat(binder.getReplicationFactor()).isEqualTo((short) -1);
            assertThat(binder.getMinPartitionCount()).isEqualTo(4);
        });
    }
}
