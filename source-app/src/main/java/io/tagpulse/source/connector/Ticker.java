package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The time a live connector keeps: a monotonic reading for the idle timeout, and the waits between connections,
 * which a stop cuts short. {@link #SYSTEM} in production; a test steps a ticker of its own instead of waiting.
 */
public interface Ticker {

    /** The JVM's monotonic clock and real waits. */
    Ticker SYSTEM = new SystemTicker();

    /** @return nanoseconds on a scale of this ticker's own, only for measuring how long something took */
    long nanoTime();

    /**
     * Waits {@code delay}, or less when {@code stop} is counted down first.
     *
     * @return whether the wait ended because of {@code stop}
     */
    boolean await(CountDownLatch stop, Duration delay) throws InterruptedException;

    /** {@link System#nanoTime()}, and waits on the stop signal itself. */
    final class SystemTicker implements Ticker {

        private SystemTicker() {
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(CountDownLatch stop, Duration delay) throws InterruptedException {
            return stop.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
