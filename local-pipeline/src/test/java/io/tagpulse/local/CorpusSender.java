package io.tagpulse.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Sends a corpus's NDJSON batches to the source on a thread of its own, one every {@code pause}, each until the
 * source accepts it ({@link SourceClient#post}: through an outage it retries the same batch), and counts the batches
 * attempted, so a test can strike a fault at a known point of the load and check that the load went on after it.
 */
final class CorpusSender {

    private final AtomicInteger attempted = new AtomicInteger();

    private final int batches;

    private final CompletableFuture<Void> sending;

    private CorpusSender(SourceClient source, List<String> batches, Duration pause) {
        this.batches = batches.size();
        this.sending = CompletableFuture.runAsync(() -> {
            for (String batch : batches) {
                attempted.incrementAndGet();
                source.post(batch);
                try {
                    TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
        });
    }

    static CorpusSender start(SourceClient source, List<String> batches, Duration pause) {
        return new CorpusSender(source, batches, pause);
    }

    /** @return how many batches were attempted so far (the last one may not be accepted yet) */
    int attempted() {
        return attempted.get();
    }

    /** @return how many batches there are in all */
    int batches() {
        return batches;
    }

    /** Waits until more than {@code count} batches were attempted. */
    void awaitAttemptedMoreThan(int count, Duration atMost) {
        await("more than " + count + " of " + batches + " batches sent").atMost(atMost)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> attempted.get() > count || sending.isDone());
    }

    /** Waits until every batch was accepted, and fails if one was not. */
    void awaitAll(Duration atMost) throws Exception {
        sending.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }
}
