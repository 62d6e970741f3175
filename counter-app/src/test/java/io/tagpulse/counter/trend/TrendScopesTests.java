package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TrendScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendScopesTests {

    private static final Set<String> ALL = Set.of(TrendScope.GLOBAL, TrendScope.LANGUAGE, TrendScope.PLATFORM);

    private static HashtagMention mention(String platform, String language) {
        return new HashtagMention("kafka", "Kafka", "p", platform, language, Instant.EPOCH);
    }

    @Test
    void shouldCountAMentionGloballyInItsPrimaryLanguageAndOnItsPlatform() {
        assertThat(TrendScopes.of(mention("Bluesky", "pt-BR"), ALL)).extracting(TrendScope::toString)
            .containsExactly("global", "language:pt", "platform:bluesky");
    }

    @Test
    void shouldLeaveOutAnUnknownLanguageAndScopesThatAreOff() {
        assertThat(TrendScopes.of(mention("mastodon", null), ALL)).extracting(TrendScope::toString)
            .containsExactly("global", "platform:mastodon");
        assertThat(TrendScopes.of(mention("mastodon", "en"), Set.of(TrendScope.LANGUAGE)))
            .extracting(TrendScope::toString).containsExactly("language:en");
    }

    @Test
    void shouldLeaveOutOnlyTheScopeAValueCannotName() {
        assertThat(TrendScopes.of(mention("my platform", "en"), ALL)).extracting(TrendScope::toString)
            .containsExactly("global", "language:en");
    }
}
