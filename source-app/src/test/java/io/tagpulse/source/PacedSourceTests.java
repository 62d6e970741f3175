package io.tagpulse.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The generator's and the replay's runtime: every post sent, a bound on those waiting for Kafka, stop and start. */
class PacedSourceTests {

    private final List<Post> published = new CopyOnWriteArrayList<>();

    private PacedSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    private static Post post(int n) {
        return new Post("p" + n, "test", null, null, "#a", Instant.parse("2026-11-22T10:00:00Z"), null);
    }

    private static Supplier<Post> counting(AtomicInteger next, int last) {
        return () -> {
            int n = next.incrementAndGet();
            return n > last ? null : post(n);
        };
    }

    private PostSink acknowledging() {
        return post -> {
            published.add(post);
            return CompletableFuture.completedFuture(null);
        };
    }

    @Test
    void shouldSendEveryPostThenFinishSayingSo() {
        source = new PacedSource("paced", counting(new AtomicInteger(), 3), 0);
        source.start(acknowledging());

        await().atMost(Duration.ofSeconds(5)).until(() -> source.status().state() == PostSource.State.FINISHED);
        assertThat(published).extracting(Post::id).containsExactly("p1", "p2", "p3");
        assertThat(source.status().detail()).isEqualTo("finished after 3 posts");
        assertThat(source.acknowledgedUpTo()).isEqualTo(PostSource.NO_POSITION);
    }

    @Test
    void shouldStopPullingWhileTenThousandPostsWaitForKafkaThenStopAndStartAgainWhereItWas() {
        AtomicInteger next = new AtomicInteger();
        source = new PacedSource("paced", counting(next, Integer.MAX_VALUE), 0);
        source.start(post -> {
            published.add(post);
            return new CompletableFuture<>();
        });

        // The thread parks for room with the 10,001st post drawn: nothing more is pulled until Kafka answers.
        await().atMost(Duration.ofSeconds(10)).until(() -> Threads.waitingIn("tagpulse-paced", InFlight.class,
                "send"));
        assertThat(published).hasSize(10_000);
        assertThat(next).hasValue(10_001);

        source.stop();

        assertThat(source.status()).isEqualTo(PostSource.Status.STOPPED);
        assertThat(Threads.alive("tagpulse-paced")).isFalse();

        published.clear();
        source.start(acknowledging());

        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() >= 2);
        assertThat(published.get(0).id()).isEqualTo("p10001");
        assertThat(published.get(1).id()).isEqualTo("p10002");
    }

    @Test
    void shouldFailWithTheReasonWhenItsPostsCannotBeMade() {
        source = new PacedSource("paced", () -> {
            throw new IllegalStateException("cannot open replay file x.ndjson");
        }, 0);
        source.start(acknowledging());

        await().atMost(Duration.ofSeconds(5)).until(() -> source.status().state() == PostSource.State.FAILED);
        assertThat(source.status().detail()).contains("cannot open replay file x.ndjson");
    }
}
