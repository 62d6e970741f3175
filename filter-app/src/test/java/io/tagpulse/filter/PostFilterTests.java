package io.tagpulse.filter;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostFilterTests {

    private static final FilterRules OPEN = new FilterRules(Set.of(), true, true, true, 3, Set.of());

    private static Post post(String language, String text) {
        return new Post("p1", "test", "a", language, text, Instant.EPOCH, null);
    }

    private static PostFilter filter(FilterRules rules) {
        return new PostFilter(rules, new HashtagExtractor());
    }

    @Test
    void shouldAcceptPostWithHashtags() {
        assertThat(filter(OPEN).evaluate(post("en", "hello #kafka"))).isEqualTo(FilterOutcome.ACCEPTED);
    }

    @Test
    void shouldDropPostWithoutHashtagsOnlyWhenAsked() {
        assertThat(filter(OPEN).evaluate(post("en", "no tags here"))).isEqualTo(FilterOutcome.NO_HASHTAGS);

        FilterRules keep = new FilterRules(Set.of(), true, true, false, 3, Set.of());
        assertThat(filter(keep).evaluate(post("en", "no tags here"))).isEqualTo(FilterOutcome.ACCEPTED);
    }

    @Test
    void shouldKeepOnlyListedLanguagesMatchingPrimarySubtag() {
        FilterRules english = new FilterRules(Set.of("en"), false, true, true, 3, Set.of());

        assertThat(filter(english).evaluate(post("en-GB", "#a"))).isEqualTo(FilterOutcome.ACCEPTED);
        assertThat(filter(english).evaluate(post("EN", "#a"))).isEqualTo(FilterOutcome.ACCEPTED);
        assertThat(filter(english).evaluate(post("ja", "#a"))).isEqualTo(FilterOutcome.LANGUAGE);
        assertThat(filter(english).evaluate(post(null, "#a"))).isEqualTo(FilterOutcome.LANGUAGE);
    }

    @Test
    void shouldKeepUnknownLanguageWhenConfigured() {
        FilterRules english = new FilterRules(Set.of("en"), true, true, true, 3, Set.of());

        assertThat(filter(english).evaluate(post(null, "#a"))).isEqualTo(FilterOutcome.ACCEPTED);
    }

    @Test
    void shouldDropRepostsByFieldOrRetweetPrefix() {
        Post boost = new Post("p2", "mastodon", "a", "en", "#a", Instant.EPOCH, null, "p1");

        assertThat(filter(OPEN).evaluate(boost)).isEqualTo(FilterOutcome.REPOST);
        assertThat(filter(OPEN).evaluate(post("en", "RT @bob: #a"))).isEqualTo(FilterOutcome.REPOST);

        FilterRules keepReposts = new FilterRules(Set.of(), true, false, true, 3, Set.of());
        assertThat(filter(keepReposts).evaluate(boost)).isEqualTo(FilterOutcome.ACCEPTED);
    }

    @Test
    void shouldDropPostsWithTooManyDistinctHashtags() {
        assertThat(filter(OPEN).evaluate(post("en", "#a #b #c"))).isEqualTo(FilterOutcome.ACCEPTED);
        assertThat(filter(OPEN).evaluate(post("en", "#a #A #b #c"))).isEqualTo(FilterOutcome.ACCEPTED);
        assertThat(filter(OPEN).evaluate(post("en", "#a #b #c #d"))).isEqualTo(FilterOutcome.TOO_MANY_HASHTAGS);
    }

    @Test
    void shouldDropPostsCarryingABlockedTagInAnyForm() {
        FilterRules blocked = new FilterRules(Set.of(), true, true, true, 3, Set.of("spam"));

        assertThat(filter(blocked).evaluate(post("en", "buy #SPAM now"))).isEqualTo(FilterOutcome.BLOCKED_TAG);
        assertThat(filter(blocked).evaluate(post("en", "buy #ｓｐａｍ now"))).isEqualTo(FilterOutcome.BLOCKED_TAG);
        assertThat(filter(blocked).evaluate(post("en", "#spammy"))).isEqualTo(FilterOutcome.ACCEPTED);
    }

    @Test
    void shouldApplyTheCustomRuleLast() {
        PostFilter shortOnly = new PostFilter(OPEN, new HashtagExtractor(), post -> post.text().length() < 10);

        assertThat(shortOnly.evaluate(post("en", "#a short"))).isEqualTo(FilterOutcome.ACCEPTED);
        assertThat(shortOnly.evaluate(post("en", "#a but far too long"))).isEqualTo(FilterOutcome.EXPRESSION);
        assertThat(shortOnly.evaluate(post("en", "no tags but long"))).isEqualTo(FilterOutcome.NO_HASHTAGS);
    }

    @Test
    void shouldUseThePlatformTagListWhenPresent() {
        Post tagged = new Post("p1", "bluesky", "a", "en", "no marker in text", Instant.EPOCH, List.of("kafka"));

        assertThat(filter(OPEN).evaluate(tagged)).isEqualTo(FilterOutcome.ACCEPTED);
    }
}
