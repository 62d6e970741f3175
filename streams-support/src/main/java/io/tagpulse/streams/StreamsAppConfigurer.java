package io.tagpulse.streams;

import java.util.Map;
import java.util.Properties;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * What each Kafka Streams app applies to the Kafka Streams the binder builds: a stream thread that dies is replaced
 * ({@link ReplaceThreadOnError}), and the app's own settings (commit interval, standby replicas, the RocksDB memory
 * bound of {@link BoundedRocksDbConfig}) are added to the streams configuration.
 */
public final class StreamsAppConfigurer implements StreamsBuilderFactoryBeanConfigurer {

    private final Map<String, ?> settings;

    /** @param settings Kafka Streams configuration entries the app sets from its properties */
    public StreamsAppConfigurer(Map<String, ?> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public void configure(StreamsBuilderFactoryBean factoryBean) {
        // A customizer, not the factory bean's handler: the binder sets that to "shut down" when it starts the
        // streams; the customizer runs after it. A stream thread that dies (a broker restarting mid-commit) is
        // replaced and resumes from the last commit, instead of leaving the app up but processing nothing.
        factoryBean.setKafkaStreamsCustomizer(streams -> streams.setUncaughtExceptionHandler(
                new ReplaceThreadOnError()));
        Properties streams = factoryBean.getStreamsConfiguration();
        if (streams == null) {
            return;
        }
        streams.putAll(settings);
        factoryBean.setStreamsConfiguration(streams);
    }
}
