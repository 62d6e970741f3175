package io.tagpulse.processor;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagSplitterTests {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.250Z");

    private final HashtagSplitter splitter = new HashtagSplitter(new HashtagExtractor(), 10, 3);

    private static Post post(String text) {
        return new Post("p1", "mastodon", "ann", "de", text, CREATED, null);
    }

    @Test
    void shouldEmitOneMentionPerDistinctTagCarryingEventTime() {
        List<HashtagMention> mentions = splitter.split(post("#Kafka und #STREAMS und #kafka"));

        assertThat(mentions).containsExactly(
                new HashtagMention("kafka", "Kafka", "p1", "mastodon", "de", CREATED),
                new HashtagMention("streams", "STREAMS", "p1", "mastodon", "de", CREATED));
    }

    @Test
    void shouldSkipTagsLongerThanTheLimitCountingCodePoints() {
        assertThat(splitter.split(post("#abcdefghijk #ok"))).extracting(HashtagMention::tag).containsExactly("ok");
        assertThat(splitter.split(post("#𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜"))).hasSize(1);
    }

    @Test
    void shouldCapMentionsPerPostInOrderOfAppearance() {
        assertThat(splitter.split(post("#a #b #c #d #e"))).extracting(HashtagMention::tag)
            .containsExactly("a", "b", "c");
    }

    @Test
    void shouldEmitNothingForPostWithoutHashtags() {
        assertThat(splitter.split(post("nothing to see"))).isEmpty();
    }
}
