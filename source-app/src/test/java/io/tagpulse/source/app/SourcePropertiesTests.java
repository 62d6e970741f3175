package io.tagpulse.source.app;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
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
                arguments(List.of("tagpulse.source.x.backfill-minutes=6", "tagpulse.source.x.remembered-posts=10"),
                        List.of("x.backfillMinutes", "x.rememberedPosts")),
                arguments(List.of("tagpulse.source.jetstream.idle-timeout=0s"),
                        List.of("jetstream.connectionTimingValid")),
                arguments(List.of("tagpulse.source.mastodon.timeline=hashtag"),
                        List.of("tagpulse.source.mastodon.hashtag must be set")),
                arguments(List.of("tagpulse.source.mastodon.backfill-max-pages=-1",
                        "tagpulse.source.mastodon.max-redirects=21"),
                        List.of("mastodon.backfillMaxPages", "mastodon.maxRedirects")),
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
                "tagpulse.source.x.send-retries=2", "tagpulse.source.mastodon.position-key=social-java",
                "tagpulse.source.mastodon.backfill-max-pages=3").run(context -> {
                    SourceProperties properties = context.getBean(SourceProperties.class);
                    assertThat(properties.mastodon().getHashtag()).isEqualTo("java");
                    assertThat(properties.mastodon().getIdleTimeout()).hasSeconds(5);
                    assertThat(properties.jetstream().getPositionKey()).isEqualTo("bsky-a");
                    assertThat(properties.mastodon().getPositionKey()).isEqualTo("social-java");
                    assertThat(properties.mastodon().getBackfillMaxPages()).isEqualTo(3);
                    assertThat(properties.mastodon().getMaxRedirects()).isEqualTo(5);
                    assertThat(properties.x().getRules()).containsExactly("#a");
                    assertThat(properties.x().getSendRetries()).isEqualTo(2);
                    assertThat(properties.positionsTopic()).isEqualTo("tagpulse.source-positions");
                    assertThat(properties.generator().getSeed()).isEqualTo(7);
                    assertThat(properties.replay().isLoop()).isTrue();
                    assertThat(properties.rateLimit().getBurst()).isEqualTo(3);
                });
    }

    /** @return the source's settings bound from {@code name=value} pairs, as the leadership condition binds them */
    private static SourceProperties bound(String... properties) {
        Map<String, String> values = Stream.of(properties)
            .collect(Collectors.toMap(property -> property.substring(0, property.indexOf('=')),
                    property -> property.substring(property.indexOf('=') + 1)));
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tagpulse.source",
                SourceProperties.class);
    }

    @Test
    void shouldElectAReaderOnlyForALiveSourceWithLeadershipOn() {
        assertThat(Stream.of("jetstream", "mastodon", "x"))
            .allMatch(mode -> bound("tagpulse.source.mode=" + mode).electsReader());
        assertThat(Stream.of("http", "generator", "replay"))
            .noneMatch(mode -> bound("tagpulse.source.mode=" + mode).electsReader());
        assertThat(bound("tagpulse.source.mode=jetstream", "tagpulse.source.leadership.enabled=false").electsReader())
            .isFalse();
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
        SourceProperties jetstream = bound("tagpulse.source.mode=jetstream");
        assertThat(SourceApplication.liveSourceId(jetstream, "")).isEqualTo("jetstream");
        assertThat(SourceApplication.liveSourceId(jetstream, "hashtags")).isEqualTo("jetstream@hashtags");
        assertThat(SourceApplication.liveSourceId(bound("tagpulse.source.mode=jetstream",
                "tagpulse.source.jetstream.position-key=bsky-a"), "hashtags")).isEqualTo("bsky-a");
        assertThat(SourceApplication.liveSourceId(bound("tagpulse.source.mode=mastodon",
                "tagpulse.source.jetstream.position-key=bsky-a"), "hashtags")).isEqualTo("mastodon@hashtags");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SourceProperties.class)
    static class PropertiesOnly {
    }
}
