package io.tagpulse.counter.app;

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

class CounterPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldDefaultToOneSecondWindowsWithTenSecondsGrace() {
        runner.run(context -> {
            CounterProperties properties = context.getBean(CounterProperties.class);
            assertThat(properties.getWindowSize()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getGrace()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getCommitInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getMaxClockSkew()).isEqualTo(Duration.ofMinutes(5));
        });
    }

    @Test
    void shouldBindDurationsWithUnits() {
        runner.withPropertyValues("tagpulse.counter.window-size=1m", "tagpulse.counter.grace=0",
                "tagpulse.counter.commit-interval=250ms", "tagpulse.counter.max-clock-skew=1h")
            .run(context -> {
                CounterProperties properties = context.getBean(CounterProperties.class);
                assertThat(properties.getWindowSize()).isEqualTo(Duration.ofMinutes(1));
                assertThat(properties.getGrace()).isZero();
                assertThat(properties.getCommitInterval()).isEqualTo(Duration.ofMillis(250));
                assertThat(properties.getMaxClockSkew()).isEqualTo(Duration.ofHours(1));
            });
    }

    @ParameterizedTest
    @CsvSource({
        "window-size, 0s, windowSize",
        "window-size, -1s, windowSize",
        "grace, -1ms, grace",
        "commit-interval, -1s, commitInterval",
        "max-clock-skew, -5m, maxClockSkew",
    })
    void shouldFailAtStartupNamingTheInvalidProperty(String property, String value, String field) {
        runner.withPropertyValues("tagpulse.counter." + property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.counter")
                .hasMessageContaining(field);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CounterProperties.class)
    static class PropertiesOnly {
    }
}
