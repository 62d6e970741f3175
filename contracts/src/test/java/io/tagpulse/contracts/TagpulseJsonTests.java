package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagpulseJsonTests {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripPostWithIsoEventTime() {
        Post post = new Post("p1", "bluesky", "alice", "en", "hello #World", Instant.parse("2026-01-02T03:04:05.678Z"),
                List.of("World"));

        String json = TagpulseJson.writeString(post);

        assertThat(json).contains("\"createdAt\":\"2026-01-02T03:04:05.678Z\"");
        assertThat(TagpulseJson.readPost(bytes(json))).isEqualTo(post);
    }

    @Test
    void shouldWriteACountByHandExactlyAsDatabindWritesIt() {
        Instant start = Instant.parse("2026-01-02T03:04:05Z");
        List<HashtagCount> counts = List.of(new HashtagCount("kafka", start, start.plusSeconds(1), 42, "Kafka"),
                new HashtagCount("kafka", start, start.plusSeconds(60), 1),
                new HashtagCount("日本語", start.plusMillis(123), start.plusMillis(1_123), Long.MAX_VALUE, "日本語"),
                new HashtagCount("q\"uote\\", Instant.EPOCH, Instant.ofEpochSecond(1, 5), 7, "a\u0001b\n"),
                new HashtagCount("nulls", null, null, 0, null));

        for (HashtagCount count : counts) {
            assertThat(new String(TagpulseJson.writeCount(count), StandardCharsets.UTF_8)).as("%s", count)
                .isEqualTo(new String(TagpulseJson.write(count), StandardCharsets.UTF_8));
        }
        assertThat(TagpulseJson.readCount(TagpulseJson.writeCount(counts.get(0)))).isEqualTo(counts.get(0));
    }

    @Test
    void shouldRoundTripAMentionWithItsAuthorAndOtherTagsAndReadAVersionOneMentionWithout() {
        HashtagMention mention = new HashtagMention("kafka", "Kafka", "p1", "mastodon", "de",
                Instant.parse("2026-01-02T03:04:05Z"), "ann", List.of("streams", "ı"));

        assertThat(TagpulseJson.readMention(TagpulseJson.write(mention))).isEqualTo(mention);
        HashtagMention old = TagpulseJson.readMention(bytes("""
                {"tag":"kafka","display":"Kafka","postId":"p1","platform":"x","eventTime":"2026-01-01T00:00:00Z"}"""));
        assertThat(old.version()).isEqualTo(1);
        assertThat(old.author()).isNull();
        assertThat(old.coTags()).isEmpty();
    }

    @Test
    void shouldRefuseAMentionWithMoreOtherTagsThanAllowed() {
        String tags = String.join(",", java.util.Collections.nCopies(11, "\"t\""));
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes("""
                {"tag":"a","display":"a","postId":"p","platform":"x","eventTime":"2026-01-01T00:00:00Z","coTags":[%s]}"""
            .formatted(tags)))).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("field 'coTags' holds 11 tags, at most 10");
    }

    @Test
    void shouldTolerateUnknownFieldsAndMissingOptionalOnes() {
        Post post = TagpulseJson.readPost(bytes("""
                {"id":"p1","platform":"x","text":"","createdAt":"2026-01-01T00:00:00Z","likes":3,"nested":{"a":1}}"""));

        assertThat(post.id()).isEqualTo("p1");
        assertThat(post.language()).isNull();
        assertThat(post.hashtags()).isNull();
    }

    @Test
    void shouldNameEveryMissingRequiredField() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("{\"id\":\"p1\"}")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'platform'")
            .hasMessageContaining("'text'")
            .hasMessageContaining("'createdAt'")
            .hasMessageNotContaining("'id'");
    }

    @Test
    void shouldRejectUnparseableJsonWithExcerpt() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("{not json")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("unreadable Post")
            .hasMessageContaining("{not json")
            .hasMessageNotContaining("Source:");
    }

    @Test
    void shouldRejectMalformedEventTimeNamingTheField() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("""
                {"id":"p1","platform":"x","text":"t","createdAt":"yesterday"}""")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("createdAt");
    }

    @Test
    void shouldRejectEmptyAndNullRecords() {
        assertThatThrownBy(() -> TagpulseJson.readPost(new byte[0])).hasMessageStartingWith("empty record");
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("null"))).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRejectBlankPlatformHashtag() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("""
                {"id":"p1","platform":"x","text":"t","createdAt":"2026-01-01T00:00:00Z","hashtags":["ok",""]}""")))
            .hasMessageContaining("'hashtags'");
    }

    @Test
    void shouldRoundTripCountAndRejectInvertedWindow() {
        HashtagCount count = new HashtagCount("java", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), 42);
        assertThat(TagpulseJson.readCount(TagpulseJson.write(count))).isEqualTo(count);

        HashtagCount inverted = new HashtagCount("java", count.windowEnd(), count.windowStart(), 1);
        assertThatThrownBy(() -> TagpulseJson.readCount(TagpulseJson.write(inverted)))
            .hasMessageContaining("'windowEnd' must be after 'windowStart'");
    }

    @Test
    void shouldRejectMentionWithoutCountField() {
        assertThatThrownBy(() -> TagpulseJson.readCount(bytes("""
                {"tag":"a","windowStart":"2026-01-01T00:00:00Z","windowEnd":"2026-01-01T00:00:01Z"}""")))
            .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes("""
                {"tag":"a","display":"A","postId":"p","platform":"x"}""")))
            .hasMessageContaining("'eventTime'");
    }
}
