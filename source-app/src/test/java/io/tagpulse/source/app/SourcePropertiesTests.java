package io.tagpulse.source.app;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SourcePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    /** Each row: a setting (or settings) that must stop the app, and what the failure must name. */
    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(List.of("tagpulse.source.mode=replay"),
                        List.of("tagpulse.source.replay.file must be set")),
                arguments(List.of("tagpulse.source.generator.surge-peak-share=1.5"),
                        List.of("generator.surgePeakShare")),
                arguments(List.of("tagpulse.source.generator.languages=en:45,ja:lots"),
                        List.of("tagpulse.source.generator.languages and platforms must be lists of name:weight")),
                arguments(List.of("tagpulse.source.generator.surges=global,viral",
                        "tagpulse.source.generator.surge-every=0s"),
                        List.of("tagpulse.source.generator.surges takes global, new, language and platform",
                                "tagpulse.source.generator.surge-every, surge-ramp")),
                arguments(List.of("tagpulse.source.rate-limit.requests-per-second=-1"),
                        List.of("rateLimit.requestsPerSecond")),
                arguments(List.of("tagpulse.source.x.backoff-initial=10s", "tagpulse.source.x.backoff-max=1s"),
                        List.of("x.connectionTimingValid", "backoff-max at least backoff-initial")),
                arguments(List.of("tagpulse.source.jetstream.idle-timeout=0s"),
                        List.of("jetstream.connectionTimingValid")),
                arguments(List.of("tagpulse.source.mastodon.timeline=hashtag"),
                        List.of("tagpulse.source.mastodon.hashtag must be set")),
                arguments(List.of("tagpulse.source.leadership.session-timeout=500ms"),
                        List.of("leadership.sessionTimeout")),
                arguments(List.of("tagpulse.source.leadership.topic= "), List.of("leadership.topic")));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void shouldStopAtStartNamingTheBadSetting(List<String> properties, List<String> messages) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            for (String message : messages) {
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
            }
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

    /** Each row: a mode, whether leadership is on, and whether the replicas elect a reader. */
    static Stream<Arguments> electing() {
        return Stream.of(arguments("jetstream", true, true), arguments("mastodon", true, true),
                arguments("x", true, true), arguments("jetstream", false, false), arguments("http", true, false),
                arguments("generator", true, false), arguments("replay", true, false));
    }

    @ParameterizedTest
    @MethodSource("electing")
    void shouldElectAReaderOnlyForALiveSourceWithLeadershipOn(String mode, boolean enabled, boolean elects) {
        runner.withPropertyValues("tagpulse.source.mode=" + mode, "tagpulse.source.replay.file=posts.ndjson",
                "tagpulse.source.x.bearer-token=t", "tagpulse.source.leadership.enabled=" + enabled)
            .run(context -> assertThat(context.getBean(SourceProperties.class).electsReader()).isEqualTo(elects));
    }

    @Test
    void shouldElectWithSixSecondSessionsOnTheLeadersTopicByDefault() {
        runner.run(context -> {
            SourceProperties.Leadership leadership = context.getBean(SourceProperties.class).leadership();
            assertThat(leadership.enabled()).isTrue();
            assertThat(leadership.topic()).isEqualTo("tagpulse.source-leaders");
            assertThat(leadership.group()).isNull();
            assertThat(leadership.sessionTimeout()).hasSeconds(6);
        });
    }

    @Test
    void shouldNameALiveSourceByItsPositionKeyElseItsModeAndStream() {
        runner.withPropertyValues("tagpulse.source.mode=jetstream").run(context -> {
            SourceProperties properties = context.getBean(SourceProperties.class);
            assertThat(SourceApplication.liveSourceId(properties, "")).isEqualTo("jetstream");
            assertThat(SourceApplication.liveSourceId(properties, "hashtags")).isEqualTo("jetstream@hashtags");
        });
        runner.withPropertyValues("tagpulse.source.mode=jetstream", "tagpulse.source.jetstream.position-key=bsky-a")
            .run(context -> assertThat(SourceApplication.liveSourceId(context.getBean(SourceProperties.class),
                    "hashtags")).isEqualTo("bsky-a"));
        runner.withPropertyValues("tagpulse.source.mode=mastodon", "tagpulse.source.jetstream.position-key=bsky-a")
            .run(context -> assertThat(SourceApplication.liveSourceId(context.getBean(SourceProperties.class),
                    "hashtags")).isEqualTo("mastodon@hashtags"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SourceProperties.class)
    static class PropertiesOnly {
    }
}
