package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink that sends a post Kafka refused again, after a back-off, up to a bounded number of times: the future it
 * returns completes when one attempt is acknowledged, and fails with the last attempt's error once every attempt has
 * failed. A post being retried still counts as waiting for Kafka, so retries slow the reading down.
 */
final class RetryingSink implements PostSink {

    private static final Logger log = LoggerFactory.getLogger(RetryingSink.class);

    private final PostSink sink;

    private final int retries;

    private final Backoff backoff;

    private final ScheduledExecutorService timer;

    private final Runnable onRetry;

    /**
     * @param retries how many times a refused post is sent again before its failure is final
     * @param timer where the retries wait their delay
     * @param onRetry runs at each retry (the metric)
     */
    RetryingSink(PostSink sink, int retries, Backoff backoff, ScheduledExecutorService timer, Runnable onRetry) {
        this.sink = sink;
        this.retries = retries;
        this.backoff = backoff;
        this.timer = timer;
        this.onRetry = onRetry;
    }

    @Override
    public CompletableFuture<Void> publish(Post post) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(post, 0, result);
        return result;
    }

    private void attempt(Post post, int failures, CompletableFuture<Void> result) {
        sink.attempt(post).whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            if (failures >= retries) {
                result.completeExceptionally(error);
                return;
            }
            Duration delay = backoff.delay(failures);
            log.warn("Kafka did not take post {} ({}); sending it again in {} ms (retry {} of {})", post.id(),
                    error.toString(), delay.toMillis(), failures + 1, retries);
            onRetry.run();
            try {
                timer.schedule(() -> attempt(post, failures + 1, result), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException stopped) { // the run is stopping: the post stays unacknowledged
                result.completeExceptionally(error);
            }
        });
    }
}
