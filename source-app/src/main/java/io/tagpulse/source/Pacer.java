package io.tagpulse.source;

/**
 * Spaces events at a steady rate. It remembers when the next event is due, so that time spent sending is not added
 * to the gap; after a stall of more than one second it starts afresh instead of bursting to catch up.
 */
public final class Pacer {

    private static final long ONE_SECOND = 1_000_000_000L;

    private final long intervalNanos;

    private long nextDue = Long.MIN_VALUE;

    /** @param perSecond events per second; 0 or less means as fast as possible */
    public Pacer(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : Math.max(1, Math.round(ONE_SECOND / perSecond));
    }

    /** @return how long to wait, in nanoseconds, before the next event at time {@code nowNanos} */
    public long delayBeforeNext(long nowNanos) {
        if (intervalNanos == 0) {
            return 0;
        }
        if (nextDue == Long.MIN_VALUE || nowNanos - nextDue > ONE_SECOND) {
            nextDue = nowNanos;
        }
        long delay = Math.max(0, nextDue - nowNanos);
        nextDue += intervalNanos;
        return delay;
    }
}
