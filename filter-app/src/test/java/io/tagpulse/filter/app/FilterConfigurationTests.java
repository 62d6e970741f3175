package io.tagpulse.filter.app;

import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.filter.FilterOutcome;
import io.tagpulse.filter.PostFilterTopology;
import io.tagpulse.streams.BoundedRocksDbConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.stream.binder.kafka.streams.properties.KafkaStreamsBinderConfigurationProperties;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static io.tagpulse.testing.PropertiesBinding.bind;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's {@code application.yml} bound as the Kafka Streams binder binds it: every RocksDB store of the
 * instance shares one bounded cache, sized by {@code tagpulse.filter.rocksdb-memory}.
 */
class FilterConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer());

    @Test
    void shouldBoundRocksDbMemoryWithTheSharedCacheSetter() {
        runner.run(context -> {
            KafkaStreamsBinderConfigurationProperties binder = Binder.get(context.getEnvironment()).bindOrCreate(
                    "spring.cloud.stream.kafka.streams.binder", Bindable.ofInstance(
                            new KafkaStreamsBinderConfigurationProperties(new KafkaProperties(),
                                    new StaticListableBeanFactory().getBeanProvider(KafkaConnectionDetails.class))));

            assertThat(binder.getConfiguration()).containsEntry("rocksdb.config.setter",
                    BoundedRocksDbConfig.class.getName());
        });
    }

    @Test
    void shouldPassTheConfiguredRocksDbMemoryToKafkaStreams() {
        FilterProperties properties = bind(FilterProperties.class, "tagpulse.filter.rocksdb-memory=48MB");
        StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean();
        factoryBean.setStreamsConfiguration(new Properties());

        new FilterApplication().rocksDbMemoryConfigurer(properties).configure(factoryBean);

        assertThat(factoryBean.getStreamsConfiguration()).containsEntry(BoundedRocksDbConfig.MEMORY_CONFIG,
                Long.toString(48L * 1024 * 1024));
    }

    /** The listener the topology reports to counts each outcome in the posts metric, under the outcome's name. */
    @Test
    void shouldCountEachOutcomeInThePostsMetric() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PostFilterTopology.Listener listener = new FilterApplication().filterMetrics(registry);

        listener.outcome(FilterOutcome.TOO_MANY_HASHTAGS);
        listener.outcome(FilterOutcome.TOO_MANY_HASHTAGS);
        listener.duplicate();

        assertThat(registry.counter(FilterApplication.POSTS_METRIC, "outcome", "too_many_hashtags").count())
            .isEqualTo(2.0);
        assertThat(registry.counter(FilterApplication.POSTS_METRIC, "outcome", "duplicate").count()).isEqualTo(1.0);
        assertThat(registry.counter(FilterApplication.POSTS_METRIC, "outcome", "accepted").count()).isZero();
    }
}
