package io.tagpulse.source.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * For HTTP tests that need a 200: the test binder acknowledges nothing, so this sink stands in for Kafka, keeping
 * what it is handed and acknowledging it at once.
 */
@TestConfiguration(proxyBeanMethods = false)
class AckingPostSink {

    /** What the endpoint handed over, in order. */
    static final class Received implements PostSink {

        private final List<Post> posts = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> publish(Post post) {
            posts.add(post);
            return CompletableFuture.completedFuture(null);
        }

        List<Post> posts() {
            return posts;
        }

        void clear() {
            posts.clear();
        }
    }

    @Bean
    @Primary
    Received receivedPosts() {
        return new Received();
    }
}
