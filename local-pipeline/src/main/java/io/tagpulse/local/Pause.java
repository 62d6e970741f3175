package io.tagpulse.local;

import java.util.concurrent.locks.LockSupport;

/** The one place the launcher waits between polls of something it cannot be notified of (a port, a health URL). */
final class Pause {

    private static final long POLL_NANOS = 250_000_000L;

    private Pause() {
    }

    static void briefly() {
        LockSupport.parkNanos(POLL_NANOS);
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted");
        }
    }
}
