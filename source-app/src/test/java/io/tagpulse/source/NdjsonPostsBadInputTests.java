package io.tagpulse.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** NDJSON read as bytes, from a batch or a replay file alike: encoding errors, oversized posts and odd lines are named by line. */
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

    @Test
    void shouldSkipAReplayLineThatIsNotUtf8WithTheReasonABatchGetsAndReadOn() {
        byte[] bad = bytes(line("caf\u00e9"));
        bad[new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(bytes(line("1") + "\n"));
        file.writeBytes(bad);
        file.writeBytes(bytes("\n" + line("3") + "\n"));
        String batchReason = catchThrowableOfType(InvalidBatchException.class,
                () -> NdjsonPosts.parseBatch(file.toByteArray(), 10, 1024)).reason();

        NdjsonPosts.Reader replay = new NdjsonPosts.Reader(new ByteArrayInputStream(file.toByteArray()), 1024);

        assertThat(replay.next().post().id()).isEqualTo("1");
        NdjsonPosts.Line second = replay.next();
        assertThat(second.post()).isNull();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.error()).isEqualTo(batchReason).startsWith("unreadable Post").contains("UTF-8");
        assertThat(replay.next().post().id()).isEqualTo("3");
        assertThat(replay.next()).isNull();
    }

    @Test
    void shouldSplitLinesTheSameHoweverTheBytesArrive() {
        String big = line("big").replace("#a", "#a " + "x".repeat(150_000));
        String text = line("1") + "\r\n \t\r\n" + big + "\r\n\n" + line("2") + "\n" + big.replace("big", "big2");
        byte[] body = bytes(text);
        List<String> whole = NdjsonPosts.parseBatch(body, 10, 1024 * 1024).stream().map(Post::id).toList();

        for (int chunk : new int[] { 1, 7, 4096, 65_536, 65_537 }) {
            NdjsonPosts.Reader reader = new NdjsonPosts.Reader(new Trickle(body, chunk), 1024 * 1024);
            List<String> ids = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            for (NdjsonPosts.Line line = reader.next(); line != null; line = reader.next()) {
                assertThat(line.error()).as("chunk %d, line %d", chunk, line.number()).isNull();
                ids.add(line.post().id());
                numbers.add(line.number());
            }
            assertThat(ids).as("chunk %d", chunk).isEqualTo(whole).containsExactly("1", "big", "2", "big2");
            assertThat(numbers).as("chunk %d", chunk).containsExactly(1, 3, 5, 6);
        }
    }

    /** Hands out at most {@code chunk} bytes per read, as a network or a file system may. */
    private static final class Trickle extends ByteArrayInputStream {

        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
