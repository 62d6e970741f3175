package io.tagpulse.source;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.replay.ReplayClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NdjsonPostsTests {

    private static String line(String id, String createdAt) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"%s\"}".formatted(id, createdAt);
    }

    @Test
    void shouldParseBatchSkippingBlankLines() {
        String body = line("1", "2026-01-01T00:00:00Z") + "\r\n\n" + line("2", "2026-01-01T00:00:01Z") + "\n";

        assertThat(NdjsonPosts.parseBatch(body, 10)).extracting(Post::id).containsExactly("1", "2");
    }

    @Test
    void shouldNameTheFirstBadLine() {
        String body = line("1", "2026-01-01T00:00:00Z") + "\n\n{\"id\":\"2\"}\n{broken";

        assertThatThrownBy(() -> NdjsonPosts.parseBatch(body, 10))
            .isInstanceOf(InvalidBatchException.class)
            .hasMessageStartingWith("line 3: ")
            .hasMessageContaining("'createdAt'")
            .satisfies(ex -> assertThat(((InvalidBatchException) ex).line()).isEqualTo(3));
    }

    @Test
    void shouldRejectOversizedAndEmptyBatches() {
        String body = line("1", "2026-01-01T00:00:00Z") + "\n" + line("2", "2026-01-01T00:00:00Z");

        assertThatThrownBy(() -> NdjsonPosts.parseBatch(body, 1)).hasMessageContaining("more than 1 posts");
        assertThatThrownBy(() -> NdjsonPosts.parseBatch("\n \n", 1)).hasMessageContaining("no post");
    }

    @Test
    void shouldReadReplayLinesReportingBadOnesByNumber() {
        NdjsonPosts.Reader reader = new NdjsonPosts.Reader(new ByteArrayInputStream((line("1", "2026-01-01T00:00:00Z")
                + "\n\nnot json\n" + line("2", "2026-01-01T00:00:02Z")).getBytes(StandardCharsets.UTF_8)), 1024);

        NdjsonPosts.Line first = reader.next();
        NdjsonPosts.Line second = reader.next();
        NdjsonPosts.Line third = reader.next();

        assertThat(first.post().id()).isEqualTo("1");
        assertThat(second.number()).isEqualTo(3);
        assertThat(second.post()).isNull();
        assertThat(second.error()).startsWith("unreadable Post");
        assertThat(third.post().id()).isEqualTo("2");
        assertThat(third.number()).isEqualTo(4);
        assertThat(reader.next()).isNull();
    }

    @Test
    void shouldShiftEventTimesToNowKeepingSpacingAcrossLoops() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        ReplayClock clock = new ReplayClock(true, now);
        Post a = NdjsonPosts.parseBatch(line("a", "2020-01-01T00:00:00Z"), 1).get(0);
        Post b = NdjsonPosts.parseBatch(line("b", "2020-01-01T00:00:10Z"), 1).get(0);

        assertThat(clock.apply(a).createdAt()).isEqualTo(now);
        assertThat(clock.apply(b).createdAt()).isEqualTo(now.plusSeconds(10));
        clock.nextPass();
        Post again = clock.apply(a);
        assertThat(again.createdAt()).isEqualTo(now.plus(Duration.ofSeconds(11)));
        assertThat(again.id()).isEqualTo("a~2");
    }

    @Test
    void shouldKeepEventTimesWhenNotShifting() {
        ReplayClock clock = new ReplayClock(false, Instant.parse("2026-06-01T12:00:00Z"));
        Post a = NdjsonPosts.parseBatch(line("a", "2020-01-01T00:00:00Z"), 1).get(0);

        assertThat(clock.apply(a)).isSameAs(a);
    }
}
