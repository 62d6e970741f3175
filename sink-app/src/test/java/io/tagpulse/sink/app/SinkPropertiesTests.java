package io.tagpulse.sink.app;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code tagpulse.sink.*} settings: defaults, binding, and a bad value stopping the app with its name. */
class SinkPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldHaveSensibleDefaults() {
        runner.run(context -> {
            SinkProperties properties = context.getBean(SinkProperties.class);
            assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(7));
            assertThat(properties.getRetentionInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(properties.getRetentionChunk()).isEqualTo(10_000);
            assertThat(properties.getRetentionByWindow()).containsExactly(
                    java.util.Map.entry(Duration.ofHours(1), Duration.ofDays(400)));
        });
    }

    @Test
    void shouldBindARetentionPerWindowSizeKeepingTheHoursDefault() {
        runner.withPropertyValues("tagpulse.sink.retention-by-window.1s=2d",
                "tagpulse.sink.retention-by-window.PT1M=14d")
            .run(context -> {
                SinkProperties properties = context.getBean(SinkProperties.class);
                assertThat(properties.getRetentionByWindow()).containsOnly(
                        java.util.Map.entry(Duration.ofSeconds(1), Duration.ofDays(2)),
                        java.util.Map.entry(Duration.ofMinutes(1), Duration.ofDays(14)),
                        java.util.Map.entry(Duration.ofHours(1), Duration.ofDays(400)));
                assertThat(properties.toRetentionPolicy().cutoffs(java.time.Instant.EPOCH)).hasSize(4);
            });
        runner.withPropertyValues("tagpulse.sink.retention-by-window.1h=0").run(context ->
                assertThat(context.getBean(SinkProperties.class).toRetentionPolicy().cutoffs(java.time.Instant.EPOCH))
                    .singleElement()
                    .satisfies(cutoff -> assertThat(cutoff.windowSizeMs()).isNull()));
    }

    @Test
    void shouldBindTheRetention() {
        runner.withPropertyValues("tagpulse.sink.retention=2d", "tagpulse.sink.retention-interval=30s",
                "tagpulse.sink.retention-chunk=500")
            .run(context -> {
                SinkProperties properties = context.getBean(SinkProperties.class);
                assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(2));
                assertThat(properties.getRetentionInterval()).isEqualTo(Duration.ofSeconds(30));
                assertThat(properties.getRetentionChunk()).isEqualTo(500);
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tagpulse.sink.retention=-1d             | retention
            tagpulse.sink.retention-interval=10ms   | retentionInterval
            tagpulse.sink.retention-chunk=0         | retentionChunk
            tagpulse.sink.retention-by-window.1h=-1d | retentionByWindow
            tagpulse.sink.retention-by-window.0s=1d | retentionByWindow
            """)
    void shouldFailAtStartupNamingTheInvalidProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.sink")
                .hasMessageContaining(property);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SinkProperties.class)
    static class PropertiesOnly {
    }
}
