package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractVersionsTests {

    /** The Post as the first release (issue 2's contract) wrote and read it: no version, no repostOf. */
    record FirstReleasePost(String id, String platform, String author, String language, String text,
            Instant createdAt, List<String> hashtags) {
    }

    /** How the first release's readers were configured: unknown fields ignored. */
    private static final JsonMapper FIRST_RELEASE_READER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadAnOlderProducersPostWithoutVersionAsVersionOne() {
        byte[] old = FIRST_RELEASE_READER.writeValueAsBytes(new FirstReleasePost("p1", "x", "a", "en", "#t",
                Instant.parse("2026-01-01T00:00:00Z"), List.of("t")));

        Post post = TagpulseJson.readPost(old);

        assertThat(post.version()).isEqualTo(1);
        assertThat(post.repostOf()).isNull();
        assertThat(post.hashtags()).containsExactly("t");
    }

    @Test
    void shouldLetAnOlderConsumerReadTheCurrentProducersPost() {
        Post current = new Post("p2", "x", "a", "en", "#t", Instant.parse("2026-01-01T00:00:01Z"), null, "p1");

        FirstReleasePost read = FIRST_RELEASE_READER.readValue(TagpulseJson.write(current), FirstReleasePost.class);

        assertThat(read.id()).isEqualTo("p2");
        assertThat(read.createdAt()).isEqualTo(current.createdAt());
        assertThat(TagpulseJson.writeString(current)).contains("\"version\":1");
    }

    @Test
    void shouldReadANewerProducersPostIgnoringFieldsItDoesNotKnow() {
        Post post = TagpulseJson.readPost(bytes("""
                {"id":"p3","platform":"x","text":"#t","createdAt":"2026-01-01T00:00:00Z","version":3,
                 "quotedPostId":"p1","reactions":{"like":4}}"""));

        assertThat(post.version()).isEqualTo(3);
        assertThat(post.id()).isEqualTo("p3");
    }

    @Test
    void shouldReadOlderAndNewerMentionsAlike() {
        HashtagMention old = TagpulseJson.readMention(bytes("""
                {"tag":"t","display":"T","postId":"p","platform":"x","eventTime":"2026-01-01T00:00:00Z"}"""));
        HashtagMention newer = TagpulseJson.readMention(bytes("""
                {"tag":"t","display":"T","postId":"p","platform":"x","eventTime":"2026-01-01T00:00:00Z",
                 "version":2,"weight":0.5}"""));

        assertThat(old.version()).isEqualTo(1);
        assertThat(newer.version()).isEqualTo(2);
        assertThat(old.tag()).isEqualTo(newer.tag());
    }

    @Test
    void shouldRejectAVersionBelowOne() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes("""
                {"id":"p","platform":"x","text":"","createdAt":"2026-01-01T00:00:00Z","version":0}""")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'version' must be at least 1");
    }
}
