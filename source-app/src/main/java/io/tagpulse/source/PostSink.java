package io.tagpulse.source;

import java.util.concurrent.CompletableFuture;

import io.tagpulse.contracts.Post;

/** Where a source hands its posts: the future completes when Kafka has acknowledged the post. */
@FunctionalInterface
public interface PostSink {

    CompletableFuture<Void> publish(Post post);

    /** @return {@link #publish}'s future, or a failed one when publishing threw instead of answering */
    default CompletableFuture<Void> attempt(Post post) {
        try {
            return publish(post);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }
}
