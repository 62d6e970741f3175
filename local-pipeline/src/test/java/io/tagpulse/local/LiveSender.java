package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * A live feed into the HTTP source, on a thread of its own while the test injects faults: a batch of posts every
 * {@code period}, each batch made (its event times taken) just before it is sent, so no post is dated after its
 * sending. A batch the source does not acknowledge is sent again as it was. Closing stops the feed after the batch
 * in flight, and only then may the posts' expected counts be read.
 */
final class LiveSender implements AutoCloseable {

    private final AtomicInteger sent = new AtomicInteger();

    private volatile boolean stopping;

    private final CompletableFuture<Void> feed;

    private LiveSender(SourceClient source, TimedPosts posts, int batchSize, Duration period, boolean disorder) {
        this.feed = CompletableFuture.runAsync(() -> {
            long next = System.nanoTime();
            while (!stopping) {
                source.post(posts.liveBatch(batchSize, Instant.now(), disorder));
                sent.addAndGet(batchSize);
                next += period.toNanos();
                // Pacing the feed, not waiting for a result: a feed that falls behind sends at once.
                long ahead = next - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "live-sender-" + posts.prefix());
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts a feed of {@code batchSize} posts every {@code period}. */
    static LiveSender start(SourceClient source, TimedPosts posts, int batchSize, Duration period, boolean disorder) {
        return new LiveSender(source, posts, batchSize, period, disorder);
    }

    /** @return how many posts the source has acknowledged */
    int sent() {
        return sent.get();
    }

    /** Waits until the source has acknowledged {@code more} posts more than now. */
    void awaitMore(int more) {
        int target = sent() + more;
        await("the live feed sends " + more + " more posts").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .failFast("the live feed failed", feed::isCompletedExceptionally)
            .until(() -> sent() >= target);
    }

    /** Stops the feed after the batch in flight; a failure of the feed fails the caller. */
    @Override
    public void close() {
        stopping = true;
        try {
            feed.get(4, TimeUnit.MINUTES);
        }
        catch (ExecutionException ex) {
            throw new AssertionError("the live feed failed: " + ex.getCause(), ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new AssertionError("the live feed did not stop within 4 minutes", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the live feed", ex);
        }
    }
}
