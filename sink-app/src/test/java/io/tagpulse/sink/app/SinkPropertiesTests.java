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
            assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
            assertThat(properties.retentionInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(properties.retentionChunk()).isEqualTo(10_000);
            assertThat(properties.retentionByWindow()).containsExactly(
                    java.util.Map.entry(Duration.ofHours(1), Duration.ofDays(400)));
            assertThat(properties.trendHistory()).isEqualTo(Duration.ofDays(7));
            SinkProperties.Alerts alerts = properties.alerts();
            assertThat(alerts.enabled()).isFalse();
            assertThat(alerts.toRetryPolicy()).isEqualTo(new io.tagpulse.sink.AlertRetryPolicy(8,
                    Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(15)));
            assertThat(alerts.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(alerts.threads()).isEqualTo(2);
        });
    }

    @Test
    void shouldBindTheAlerts() {
        runner.withPropertyValues("tagpulse.sink.alerts.webhook-url=https://hooks.example.com/t",
                "tagpulse.sink.alerts.dashboard-url=https://tagpulse.example", "tagpulse.sink.alerts.secret=s3cret",
                "tagpulse.sink.alerts.max-attempts=3", "tagpulse.sink.alerts.initial-backoff=200ms",
                "tagpulse.sink.alerts.max-total-time=2m", "tagpulse.sink.trend-history=30d")
            .run(context -> {
                SinkProperties properties = context.getBean(SinkProperties.class);
                assertThat(properties.alerts().enabled()).isTrue();
                assertThat(properties.alerts().secret()).isEqualTo("s3cret");
                assertThat(properties.alerts().toRetryPolicy()).isEqualTo(new io.tagpulse.sink.AlertRetryPolicy(3,
                        Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofMinutes(2)));
                assertThat(properties.trendHistory()).isEqualTo(Duration.ofDays(30));
            });
    }

    @Test
    void shouldBindARetentionPerWindowSizeKeepingTheHoursDefault() {
        runner.withPropertyValues("tagpulse.sink.retention-by-window.1s=2d",
                "tagpulse.sink.retention-by-window.PT1M=14d")
            .run(context -> {
                SinkProperties properties = context.getBean(SinkProperties.class);
                assertThat(properties.retentionByWindow()).containsOnly(
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
                assertThat(properties.retention()).isEqualTo(Duration.ofDays(2));
                assertThat(properties.retentionInterval()).isEqualTo(Duration.ofSeconds(30));
                assertThat(properties.retentionChunk()).isEqualTo(500);
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tagpulse.sink.retention=-1d             | retention
            tagpulse.sink.retention-interval=10ms   | retentionInterval
            tagpulse.sink.retention-chunk=0         | retentionChunk
            tagpulse.sink.retention-by-window.1h=-1d | retentionByWindow
            tagpulse.sink.retention-by-window.0s=1d | retentionByWindow
            tagpulse.sink.trend-history=-1d         | trendHistory
            tagpulse.sink.alerts.webhook-url=ftp://x/y | alerts.webhookUrl
            tagpulse.sink.alerts.webhook-url=/relative | alerts.webhookUrl
            tagpulse.sink.alerts.max-attempts=0     | alerts.maxAttempts
            tagpulse.sink.alerts.initial-backoff=2m | alerts.backoffOrdered
            tagpulse.sink.alerts.threads=0          | alerts.threads
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
