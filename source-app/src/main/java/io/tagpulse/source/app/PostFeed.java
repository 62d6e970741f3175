package io.tagpulse.source.app;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.Pacer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a feed of posts (generator or replay) on its own thread while the app runs: paced, and with a bound on the
 * posts waiting for Kafka's acknowledgement so that a slow broker slows the feed instead of filling the heap.
 */
class PostFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostFeed.class);

    private static final int MAX_IN_FLIGHT = 10_000;

    private final String name;

    private final Supplier<Post> posts;

    private final PostPublisher publisher;

    private final double rate;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    private volatile boolean running;

    private Thread thread;

    /** @param posts the posts to send; {@code null} ends the feed */
    PostFeed(String name, Supplier<Post> posts, PostPublisher publisher, double rate) {
        this.name = name;
        this.posts = posts;
        this.publisher = publisher;
        this.rate = rate;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "tagpulse-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Pacer pacer = new Pacer(rate);
        long sent = 0;
        log.info("Feeding posts from the {} at {} posts/s", name, rate <= 0 ? "full speed" : rate);
        try {
            while (running) {
                Post post = posts.get();
                if (post == null) {
                    break;
                }
                LockSupport.parkNanos(pacer.delayBeforeNext(System.nanoTime()));
                inFlight.acquire();
                publisher.publish(post).whenComplete((ok, error) -> {
                    inFlight.release();
                    if (error != null) {
                        log.warn("Post {} was not acknowledged by Kafka: {}", post.id(), error.toString());
                    }
                });
                sent++;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            log.error("The {} stopped after {} posts: {}", name, sent, ex.getMessage(), ex);
            return;
        }
        log.info("The {} finished after {} posts", name, sent);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
