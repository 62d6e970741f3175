package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
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

    @Test
    void shouldKeyEachScopeAsTrendScopesNamesItThoughThePrefixesAreRemembered() {
        TrendScopes.KeyPrefixes prefixes = new TrendScopes.KeyPrefixes(ALL);
        List<String> platforms = List.of("Bluesky", "mastodon", "my platform", " ", "X");
        // More languages than are remembered, twice over, so some are named again after being forgotten.
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < TrendScopes.KeyPrefixes.MAX_REMEMBERED + 100; i++) {
                String language = i % 7 == 0 ? null : i % 11 == 0 ? "not a tag" : "l" + i + (i % 3 == 0 ? "-BR" : "");
                HashtagMention mention = mention(platforms.get(i % platforms.size()), language);

                assertThat(prefixes.of(mention)).as("prefixes of %s", mention)
                    .isEqualTo(TrendScopes.of(mention, ALL).stream()
                        .map(scope -> TrendUpdate.key(scope.toString(), ""))
                        .toList());
            }
        }
        assertThat(new TrendScopes.KeyPrefixes(Set.of(TrendScope.PLATFORM)).of(mention("Bluesky", "en")))
            .containsExactly("platform:bluesky|");
    }
}
