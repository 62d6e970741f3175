package io.tagpulse.dashboard.app;

import java.time.Duration;
import java.time.Instant;

import io.tagpulse.dashboard.InvalidQueryException;
import io.tagpulse.dashboard.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code tagpulse.dashboard.api.*} settings of the series queries and the live stream. */
class ApiPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(DashboardPropertiesTests.PropertiesOnly.class);

    @Test
    void shouldHaveSensibleDefaults() {
        runner.run(context -> {
            DashboardProperties.Api api = context.getBean(DashboardProperties.class).api();
            assertThat(api.maxSeriesTags()).isEqualTo(10);
            assertThat(api.maxSeriesPoints()).isEqualTo(3600);
            assertThat(api.streamInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(api.streamMaxUpdates()).isEqualTo(200);
            assertThat(api.streamMaxClients()).isEqualTo(100);
            assertThat(api.streamTimeout()).isEqualTo(Duration.ofMinutes(30));
            DashboardProperties.Trends trends = context.getBean(DashboardProperties.class).trends();
            assertThat(trends.defaultLimit()).isEqualTo(20);
            assertThat(trends.maxLimit()).isEqualTo(100);
            assertThat(trends.defaultHistoryRange()).isEqualTo(Duration.ofHours(24));
            assertThat(trends.maxHistoryRange()).isEqualTo(Duration.ofDays(7));
            assertThat(trends.staleAfter()).isEqualTo(Duration.ofMinutes(5));
        });
    }

    @Test
    void shouldPassTheSeriesLimitsToTheQueryRules() {
        runner.withPropertyValues("tagpulse.dashboard.api.max-series-points=100", "tagpulse.dashboard.api.max-series-tags=2",
                "tagpulse.dashboard.velocity-window=10s")
            .run(context -> {
                var rules = context.getBean(DashboardProperties.class).toQueryRules();
                Instant now = Instant.parse("2026-03-01T12:00:00Z");
                TimeRange range = new TimeRange(now.minusSeconds(1000), now);
                assertThat(rules.resolution("10s", range)).isEqualTo(Duration.ofSeconds(10));
                assertThatThrownBy(() -> rules.resolution("5s", range)).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("multiple of the stored windows (10s)");
                assertThatThrownBy(() -> rules.resolution("10s", new TimeRange(now.minusSeconds(1010), now)))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("maximum of 100");
                assertThatThrownBy(() -> rules.tags(java.util.List.of("a", "b", "c")))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("at most 2 times");
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tagpulse.dashboard.api.max-series-tags=0         | maxSeriesTags
            tagpulse.dashboard.api.max-series-points=5       | maxSeriesPoints
            tagpulse.dashboard.api.stream-interval=10ms      | streamInterval
            tagpulse.dashboard.api.stream-interval=2m        | streamInterval
            tagpulse.dashboard.api.stream-max-updates=0      | streamMaxUpdates
            tagpulse.dashboard.api.stream-max-clients=0      | streamMaxClients
            tagpulse.dashboard.api.stream-timeout=1s         | streamTimeout
            tagpulse.dashboard.trends.max-limit=0            | maxLimit
            tagpulse.dashboard.trends.default-limit=101      | defaultLimitWithinMax
            tagpulse.dashboard.trends.default-history-range=8d | defaultHistoryRangeWithinMax
            tagpulse.dashboard.trends.max-history-range=0s   | maxHistoryRange
            tagpulse.dashboard.trends.default-history-limit=2000 | defaultHistoryLimitWithinMax
            tagpulse.dashboard.trends.stale-after=1s         | staleAfter
            tagpulse.dashboard.trends.sparkline-minutes=1    | sparklineMinutes
            tagpulse.dashboard.trends.sparkline-minutes=361  | sparklineMinutes
            """)
    void shouldFailAtStartupNamingTheInvalidProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.dashboard." + setting.split("\\.")[2])
                .hasMessageContaining(property);
        });
    }
}
