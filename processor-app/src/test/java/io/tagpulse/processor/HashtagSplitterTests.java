package io.tagpulse.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagSplitterTests {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.250Z");

    private final HashtagSplitter splitter = new HashtagSplitter(new HashtagExtractor(), 10, 3,
            Duration.ofSeconds(10));

    private static Post post(String text) {
        return new Post("p1", "mastodon", "ann", "de", text, CREATED, null);
    }

    @Test
    void shouldEmitOneMentionPerDistinctTagCarryingEventTimeAuthorAndTheOtherTags() {
        List<HashtagMention> mentions = splitter.split(post("#Kafka und #STREAMS und #kafka"), -1);

        assertThat(mentions).containsExactly(
                new HashtagMention("kafka", "Kafka", "p1", "mastodon", "de", CREATED, "ann", List.of("streams")),
                new HashtagMention("streams", "STREAMS", "p1", "mastodon", "de", CREATED, "ann", List.of("kafka")));
    }

    @Test
    void shouldCarryAtMostTenOtherTagsAndOnlyCountedOnes() {
        StringBuilder text = new StringBuilder("#first #waytoolongtag");
        for (int i = 0; i < 14; i++) {
            text.append(" #t").append(i);
        }
        HashtagSplitter roomy = new HashtagSplitter(new HashtagExtractor(), 10, 100, Duration.ofSeconds(10));
        List<HashtagMention> mentions = roomy.split(post(text.toString()), -1);

        assertThat(mentions).hasSize(15);
        assertThat(mentions.get(0).coTags()).hasSize(HashtagMention.MAX_CO_TAGS).startsWith("t0")
            .doesNotContain("first", "waytoolongtag");
        assertThat(mentions.get(1).coTags()).startsWith("first", "t1");
    }

    @Test
    void shouldSkipTagsLongerThanTheLimitCountingCodePoints() {
        assertThat(splitter.split(post("#abcdefghijk #ok"), -1)).extracting(HashtagMention::tag).containsExactly("ok");
        assertThat(splitter.split(post("#𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜"), -1)).hasSize(1);
    }

    @Test
    void shouldCapMentionsPerPostInOrderOfAppearance() {
        assertThat(splitter.split(post("#a #b #c #d #e"), -1)).extracting(HashtagMention::tag)
            .containsExactly("a", "b", "c");
    }

    @Test
    void shouldEmitNothingForPostWithoutHashtags() {
        assertThat(splitter.split(post("nothing to see"), -1)).isEmpty();
    }

    @Test
    void shouldKeepACreationTimeWithinTheClockSkewOfTheArrival() {
        long arrival = CREATED.toEpochMilli() - 9_000;

        assertThat(splitter.split(post("#kafka"), arrival)).extracting(HashtagMention::eventTime)
            .containsExactly(CREATED);
    }

    @Test
    void shouldDateAPostFromTheFutureAtItsArrival() {
        // Created 4 minutes after it arrived: a clock running ahead, or a client that lies.
        long arrival = CREATED.minus(Duration.ofMinutes(4)).toEpochMilli();

        assertThat(splitter.split(post("#kafka #streams"), arrival)).extracting(HashtagMention::eventTime)
            .containsExactly(Instant.ofEpochMilli(arrival), Instant.ofEpochMilli(arrival));
    }

    @Test
    void shouldKeepAnOldCreationTime() {
        long arrival = CREATED.plus(Duration.ofDays(3650)).toEpochMilli();

        assertThat(splitter.split(post("#kafka"), arrival)).extracting(HashtagMention::eventTime)
            .containsExactly(CREATED);
    }
}
