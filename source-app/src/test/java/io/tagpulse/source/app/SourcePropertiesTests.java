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
    void shouldRejectSurgePeakShareAboveOneNamingTheProperty() {
        runner.withPropertyValues("tagpulse.source.generator.surge-peak-share=1.5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("generator.surgePeakShare");
        });
    }

    @Test
    void shouldRejectABadLanguageMixNamingTheProperty() {
        runner.withPropertyValues("tagpulse.source.generator.languages=en:45,ja:lots").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.source.generator.languages and platforms must be lists of name:weight");
        });
    }

    @Test
    void shouldRejectAnUnknownSurgeKindAndAZeroSurgeCadence() {
        runner.withPropertyValues("tagpulse.source.generator.surges=global,viral",
                "tagpulse.source.generator.surge-every=0s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("tagpulse.source.generator.surges takes global, new, language and platform")
                        .hasMessageContaining("tagpulse.source.generator.surge-every, surge-ramp");
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
            .run(context -> assertThat(context.getBean(SourceProperties.class).mode())
                .isEqualTo(SourceProperties.Mode.REPLAY));
    }

    @Test
    void shouldRejectANegativeRateLimitNamingTheProperty() {
        runner.withPropertyValues("tagpulse.source.rate-limit.requests-per-second=-1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rateLimit.requestsPerSecond");
        });
    }

    @Test
    void shouldRejectABackoffMaxBelowTheInitialDelayNamingTheSource() {
        runner.withPropertyValues("tagpulse.source.x.backoff-initial=10s", "tagpulse.source.x.backoff-max=1s")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("x.connectionTimingValid")
                    .hasMessageContaining("backoff-max at least backoff-initial");
            });
    }

    @Test
    void shouldRejectAZeroIdleTimeout() {
        runner.withPropertyValues("tagpulse.source.jetstream.idle-timeout=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("jetstream.connectionTimingValid");
        });
    }

    @Test
    void shouldRequireAHashtagForTheHashtagTimeline() {
        runner.withPropertyValues("tagpulse.source.mastodon.timeline=hashtag").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.source.mastodon.hashtag must be set");
        });
    }

    @Test
    void shouldBindEveryNestedSourceUnderItsOwnName() {
        runner.withPropertyValues("tagpulse.source.mode=mastodon", "tagpulse.source.mastodon.timeline=hashtag",
                "tagpulse.source.mastodon.hashtag=java", "tagpulse.source.jetstream.position-key=bsky-a",
                "tagpulse.source.x.rules[0]=#a", "tagpulse.source.generator.seed=7", "tagpulse.source.replay.loop=true",
                "tagpulse.source.rate-limit.burst=3", "tagpulse.source.mastodon.idle-timeout=5s",
                "tagpulse.source.x.send-retries=2").run(context -> {
                    SourceProperties properties = context.getBean(SourceProperties.class);
                    assertThat(properties.mastodon().getHashtag()).isEqualTo("java");
                    assertThat(properties.mastodon().getIdleTimeout()).hasSeconds(5);
                    assertThat(properties.jetstream().getPositionKey()).isEqualTo("bsky-a");
                    assertThat(properties.x().getRules()).containsExactly("#a");
                    assertThat(properties.x().getSendRetries()).isEqualTo(2);
                    assertThat(properties.positionsTopic()).isEqualTo("tagpulse.source-positions");
                    assertThat(properties.generator().getSeed()).isEqualTo(7);
                    assertThat(properties.replay().isLoop()).isTrue();
                    assertThat(properties.rateLimit().getBurst()).isEqualTo(3);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SourceProperties.class)
    static class PropertiesOnly {
    }
}
