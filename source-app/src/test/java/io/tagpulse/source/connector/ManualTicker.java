package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A ticker whose time moves only when a test {@link #advance advances} it: a connector's waits end when the test says
 * so, and the test can see which waits were asked for and that a check ran after the time it set.
 */
public final class ManualTicker implements Ticker {

    private long now = 1_000_000_000L;

    private long reads;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public synchronized long nanoTime() {
        reads++;
        return now;
    }

    @Override
    public boolean await(CountDownLatch stop, Duration delay) throws InterruptedException {
        long deadline;
        synchronized (this) {
            deadline = now + delay.toNanos();
        }
        waits.add(delay);
        while (!stop.await(5, TimeUnit.MILLISECONDS)) {
            synchronized (this) {
                if (now >= deadline) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Moves the time on: a wait whose end is passed ends (within 5 ms of real time). */
    public synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }

    /** @return every wait asked for so far, in order */
    public List<Duration> waits() {
        return waits;
    }

    /** @return how many times the time was read so far */
    public synchronized long reads() {
        return reads;
    }
}
