package io.tagpulse.source.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SourcePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldRequireAFileInReplayMode() {
        runner.withPropertyValues("tagpulse.source.mode=replay").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.source.replay.file must be set");
        });
    }

    @Test
    void shouldRejectBurstShareAboveOneNamingTheProperty() {
        runner.withPropertyValues("tagpulse.source.generator.burst-share=1.5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("generator.burstShare");
        });
    }

    @Test
    void shouldRejectUnknownMode() {
        runner.withPropertyValues("tagpulse.source.mode=firehose").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("tagpulse.source.mode");
        });
    }

    @Test
    void shouldAcceptReplayWithFile() {
        runner.withPropertyValues("tagpulse.source.mode=replay", "tagpulse.source.replay.file=posts.ndjson")
            .run(context -> assertThat(context.getBean(SourceProperties.class).getMode())
                .isEqualTo(SourceProperties.Mode.REPLAY));
    }

    @Test
    void shouldRejectANegativeRateLimitNamingTheProperty() {
        runner.withPropertyValues("tagpulse.source.rate-limit.requests-per-second=-1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rateLimit.requestsPerSecond");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SourceProperties.class)
    static class PropertiesOnly {
    }
}
