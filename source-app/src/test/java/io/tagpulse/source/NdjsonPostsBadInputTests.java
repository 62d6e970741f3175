package io.tagpulse.source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NDJSON batches read as bytes: encoding errors, oversized posts and odd lines are named by line. */
class NdjsonPostsBadInputTests {

    private static String line(String id) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-11-22T10:00:00Z\"}".formatted(id);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectALineThatIsNotUtf8InsteadOfReplacingItsBytes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(line("1") + "\n"));
        byte[] bad = bytes(line("caf\u00e9"));
        bad[new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;
        body.writeBytes(bad);

        assertThatThrownBy(() -> NdjsonPosts.parseBatch(body.toByteArray(), 10, 1024))
            .isInstanceOf(InvalidBatchException.class)
            .hasMessageStartingWith("line 2: unreadable Post")
            .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRejectAPostOverTheSizeLimitNamingItsLineAndSize() {
        String big = line("big").replace("#a", "#a " + "x".repeat(2000));
        byte[] body = bytes(line("1") + "\r\n" + big + "\n");

        assertThatThrownBy(() -> NdjsonPosts.parseBatch(body, 10, 1024))
            .isInstanceOf(PostTooLargeException.class)
            .hasMessageStartingWith("line 2: the post is " + bytes(big).length + " bytes")
            .hasMessageContaining("tagpulse.source.max-post-size (1024 bytes)");
    }

    @Test
    void shouldReadCrlfLinesAndSkipBlankOnesAsBefore() {
        byte[] body = bytes(line("1") + "\r\n \t\r\n\n" + line("2") + "\r\n");

        assertThat(NdjsonPosts.parseBatch(body, 10, 1024)).extracting(Post::id).containsExactly("1", "2");
    }

    @Test
    void shouldAcceptAPostWithTenThousandHashtagsLeavingTheCapToTheFilter() {
        String text = IntStream.range(0, 10_000).mapToObj(i -> "#t" + i).collect(Collectors.joining(" "));

        Post post = NdjsonPosts.parseBatch(bytes(line("spam").replace("#a", text)), 1, 256 * 1024).get(0);

        assertThat(post.text()).startsWith("#t0 #t1");
    }

    @Test
    void shouldRejectTwoRecordsOnOneLine() {
        assertThatThrownBy(() -> NdjsonPosts.parseBatch(bytes(line("1") + line("2")), 10, 1024))
            .hasMessageStartingWith("line 1: unreadable Post");
    }
}
