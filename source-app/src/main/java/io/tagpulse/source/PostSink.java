package io.tagpulse.source;

import java.util.concurrent.CompletableFuture;

import io.tagpulse.contracts.Post;

/** Where a source hands its posts: the future completes when Kafka has acknowledged the post. */
@FunctionalInterface
public interface PostSink {

    CompletableFuture<Void> publish(Post post);
}
