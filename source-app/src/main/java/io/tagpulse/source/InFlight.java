package io.tagpulse.source;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.tagpulse.contracts.Post;

/**
 * The posts a source has handed to its sink that Kafka has not yet acknowledged, at most a fixed number: beyond it,
 * the source's thread waits in {@link #send}, so that a slow broker slows the reading (and through TCP the server)
 * instead of filling the heap. Every source hands its posts over through one of these.
 */
public final class InFlight {

    private final int max;

    private final Semaphore permits;

    public InFlight(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /**
     * Waits for room, hands the post to the sink and returns; {@code then} runs once Kafka has answered (the error is
     * {@code null} when it acknowledged the post), before the room is given back.
     */
    public void send(PostSink sink, Post post, BiConsumer<Void, Throwable> then) throws InterruptedException {
        permits.acquire();
        sink.attempt(post).whenComplete((ok, error) -> {
            try {
                then.accept(ok, error);
            }
            finally {
                permits.release();
            }
        });
    }

    /** @return how many posts wait for Kafka's answer */
    public int count() {
        return max - permits.availablePermits();
    }

    /** @return whether every post was answered within {@code timeout} */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        if (!permits.tryAcquire(max, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        permits.release(max);
        return true;
    }
}
