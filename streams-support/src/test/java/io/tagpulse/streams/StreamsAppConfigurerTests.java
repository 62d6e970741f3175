package io.tagpulse.streams;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsAppConfigurerTests {

    @Test
    void shouldAddTheAppSettingsToTheStreamsConfiguration() {
        Properties configuration = new Properties();
        configuration.put("application.id", "counter");
        StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean();
        factoryBean.setStreamsConfiguration(configuration);

        new StreamsAppConfigurer(Map.of("commit.interval.ms", 250L, BoundedRocksDbConfig.MEMORY_CONFIG, "1048576"))
            .configure(factoryBean);

        assertThat(factoryBean.getStreamsConfiguration()).containsEntry("application.id", "counter")
            .containsEntry("commit.interval.ms", 250L)
            .containsEntry(BoundedRocksDbConfig.MEMORY_CONFIG, "1048576");
    }

    @Test
    void shouldLeaveAFactoryWithoutConfigurationAlone() {
        StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean();

        new StreamsAppConfigurer(Map.of("commit.interval.ms", 250L)).configure(factoryBean);

        assertThat(factoryBean.getStreamsConfiguration()).isNull();
    }
}
