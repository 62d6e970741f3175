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

class SinkPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldHaveSensibleDefaults() {
        runner.run(context -> {
            SinkProperties properties = context.getBean(SinkProperties.class);
            assertThat(properties.getMaxQueryRange()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.getDefaultQueryRange()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.getMaxTopLimit()).isEqualTo(100);
            assertThat(properties.getDefaultTopLimit()).isEqualTo(10);
            assertThat(properties.getDashboardRefresh()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.getDashboardTags()).isEqualTo(5);
        });
    }

    @Test
    void shouldBindDurationsAndLimits() {
        runner.withPropertyValues("tagpulse.sink.max-query-range=2h", "tagpulse.sink.default-query-range=10m",
                "tagpulse.sink.max-top-limit=20", "tagpulse.sink.default-top-limit=20",
                "tagpulse.sink.dashboard-refresh=500ms")
            .run(context -> {
                SinkProperties properties = context.getBean(SinkProperties.class);
                assertThat(properties.getMaxQueryRange()).isEqualTo(Duration.ofHours(2));
                assertThat(properties.getDashboardRefresh()).isEqualTo(Duration.ofMillis(500));
                assertThat(properties.toQueryRules().limit(null)).isEqualTo(20);
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tagpulse.sink.max-top-limit=0            | maxTopLimit
            tagpulse.sink.default-top-limit=0        | defaultTopLimit
            tagpulse.sink.default-top-limit=101      | defaultTopLimit
            tagpulse.sink.max-query-range=0s         | maxQueryRange
            tagpulse.sink.default-query-range=25h    | defaultQueryRange
            tagpulse.sink.dashboard-refresh=10ms     | dashboardRefresh
            tagpulse.sink.dashboard-refresh=2h       | dashboardRefresh
            tagpulse.sink.dashboard-tags=11          | dashboardTags
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
