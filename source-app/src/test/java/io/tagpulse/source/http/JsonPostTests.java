package io.tagpulse.source.http;

import java.nio.charset.StandardCharsets;

import io.tagpulse.source.InvalidBatchException;
import io.tagpulse.source.PostTooLargeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code application/json} body: one post as one object, said plainly when it is anything else. */
class JsonPostTests {

    private static final String VALID = "{\"id\":\"1\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-11-22T10:00:00Z\"}";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadOnePost() {
        assertThat(JsonPost.parse(bytes(VALID), 1024).id()).isEqualTo("1");
    }

    @Test
    void shouldTellAClientThatSentAnArrayToUseNdjson() {
        for (String body : new String[] { "[" + VALID + "]", " \r\n\t[" + VALID + "," + VALID + "]", "[]", "[",
            "\uFEFF[" + VALID + "]" }) {
            assertThatThrownBy(() -> JsonPost.parse(bytes(body), 1024)).as(body)
                .isInstanceOf(InvalidBatchException.class)
                .hasMessage("line 1: expected one post as a JSON object, got a JSON array; to send several posts in "
                        + "one request, use Content-Type application/x-ndjson with one post per line");
        }
    }

    @Test
    void shouldSayWhatIsWrongWithAnyOtherBody() {
        assertThatThrownBy(() -> JsonPost.parse(bytes("\"a post\""), 1024))
            .isInstanceOf(InvalidBatchException.class)
            .hasMessageStartingWith("line 1: unreadable Post: expected a JSON object, got a string");
        assertThatThrownBy(() -> JsonPost.parse(bytes(VALID), 10))
            .isInstanceOf(PostTooLargeException.class)
            .hasMessageContaining("tagpulse.source.max-post-size");
    }
}
