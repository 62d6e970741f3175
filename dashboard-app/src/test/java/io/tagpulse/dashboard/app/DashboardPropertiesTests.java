package io.tagpulse.dashboard.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code tagpulse.dashboard.*} settings: defaults, binding, and a bad value stopping the app. */
class DashboardPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldHaveSensibleDefaults() {
        runner.run(context -> {
            DashboardProperties properties = context.getBean(DashboardProperties.class);
            assertThat(properties.maxQueryRange()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.defaultQueryRange()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.maxTopLimit()).isEqualTo(100);
            assertThat(properties.defaultTopLimit()).isEqualTo(10);
            assertThat(properties.refresh()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.chartedTags()).isEqualTo(5);
            assertThat(properties.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.velocityWindow()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.windowSizes()).containsExactly(Duration.ofMinutes(1), Duration.ofHours(1));
            assertThat(properties.toQueryRules().windowSizes()).extracting(io.tagpulse.dashboard.WindowSize::label)
                .containsExactly("1s", "1m", "1h");
        });
    }

    @Test
    void shouldBindDurationsAndLimits() {
        runner.withPropertyValues("tagpulse.dashboard.max-query-range=2h",
                "tagpulse.dashboard.default-query-range=10m", "tagpulse.dashboard.max-top-limit=20",
                "tagpulse.dashboard.default-top-limit=20", "tagpulse.dashboard.refresh=500ms")
            .run(context -> {
                DashboardProperties properties = context.getBean(DashboardProperties.class);
                assertThat(properties.maxQueryRange()).isEqualTo(Duration.ofHours(2));
                assertThat(properties.refresh()).isEqualTo(Duration.ofMillis(500));
                assertThat(properties.toQueryRules().limit(null)).isEqualTo(20);
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tagpulse.dashboard.max-top-limit=0            | maxTopLimit
            tagpulse.dashboard.default-top-limit=0        | defaultTopLimit
            tagpulse.dashboard.default-top-limit=101      | defaultTopLimit
            tagpulse.dashboard.max-query-range=0s         | maxQueryRange
            tagpulse.dashboard.default-query-range=25h    | defaultQueryRange
            tagpulse.dashboard.refresh=10ms               | refresh
            tagpulse.dashboard.refresh=2h                 | refresh
            tagpulse.dashboard.charted-tags=11            | chartedTags
            tagpulse.dashboard.window-sizes=1m,0s         | window-sizes
            tagpulse.dashboard.velocity-window=0s         | velocityWindow
            tagpulse.dashboard.public-url=ftp://x.example | public-url
            tagpulse.dashboard.public-url=https://x/?a=b  | public-url
            tagpulse.dashboard.public-url=not a url       | public-url
            tagpulse.dashboard.query-timeout=0s           | queryTimeout
            tagpulse.dashboard.query-timeout=999ms        | queryTimeout
            tagpulse.dashboard.query-timeout=301s         | queryTimeout
            tagpulse.dashboard.query-timeout=1500ms       | query-timeout
            """)
    void shouldFailAtStartupNamingTheInvalidProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.dashboard")
                .hasMessageContaining(property);
        });
    }

    @ParameterizedTest
    @CsvSource({ "1s, 1", "10s, 10", "5m, 300" })
    void shouldGiveEveryStatementTheQueryTimeout(String setting, int seconds) {
        runner.withPropertyValues("tagpulse.dashboard.query-timeout=" + setting).run(context -> {
            DashboardProperties properties = context.getBean(DashboardProperties.class);
            var jdbc = new DashboardConfiguration().dashboardJdbc(new org.h2.jdbcx.JdbcDataSource(), properties);
            assertThat(jdbc.getJdbcTemplate().getQueryTimeout()).isEqualTo(seconds);
        });
    }

    /**
     * @param settings {@code name=value} pairs
     * @return the properties these settings bind to, with the defaults for the rest (not validated)
     */
    static DashboardProperties bind(String... settings) {
        Map<String, String> source = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            source.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("tagpulse.dashboard",
                DashboardProperties.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class PropertiesOnly {
    }
}
