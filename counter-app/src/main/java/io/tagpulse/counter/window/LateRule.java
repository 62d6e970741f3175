package io.tagpulse.counter.window;

import java.time.Instant;

import io.tagpulse.contracts.LateMention;

/**
 * When a mention is late, in one place. A window {@code [start, end)} is closed once the close time has reached
 * {@code end + grace}; a mention is late for each of its windows that had closed when it arrived
 * ({@link LateMention#WINDOW_CLOSED}), and for all of them when its post arrived more than {@code maxDelay} after it
 * was created, or was created before 1970 ({@link LateMention#TOO_OLD}). A late mention is written once for each
 * window it is late for, so for every window "counted + late = all its mentions".
 *
 * @param grace how far, in event time, every input partition must have been read past a window's end before it
 *        closes, in millis
 * @param maxDelay how long after its creation a post may arrive and still be counted, in millis
 */
public record LateRule(long grace, long maxDelay) {

    /** The largest event time kept: a quarter of a long's range, so that no sum of times overflows. */
    private static final long SATURATED = Long.MAX_VALUE / 4;

    /**
     * @return the event time a mention counts at, epoch millis: its own (saturated), or its arrival when it is dated
     *         more than {@code maxDelay} ahead of it
     */
    public long eventTime(Instant eventTime, long arrival) {
        long millis = epochMillis(eventTime);
        // The processor dates a post from the future at its arrival; a mention from another writer might not be,
        // and would keep a window open until its far-off close. Beyond the max delay ahead, it is dated likewise.
        return arrival >= 0 && millis - arrival > maxDelay ? arrival : millis;
    }

    /** @return whether the mention is late for every window it falls in, whether they are open or not */
    public boolean tooOld(TimedMention mention) {
        // Windows before 1970 are never kept: such a mention is too old whenever it arrives.
        return mention.eventTime() < 0 || mention.arrival() - mention.eventTime() > maxDelay;
    }

    /**
     * @return the start of the newest window of {@code grid} that is closed at {@code closeTime}, or -1 when none is;
     *         every window starting at or before it is closed too
     */
    public long lastClosedStart(WindowGrid grid, long closeTime) {
        return closeTime < 0 ? -1 : grid.lastStartEndedBy(closeTime - grace);
    }

    /** @return what the late output says of a {@link #tooOld} mention, for one of its windows */
    public LateMention tooOld(TimedMention mention, long start, long end) {
        long lateness = Math.max(0, mention.arrival() - mention.eventTime() - maxDelay);
        return late(mention, start, end, lateness, LateMention.TOO_OLD);
    }

    /** @return what the late output says of a mention for one of its windows that was closed when it arrived */
    public LateMention windowClosed(TimedMention mention, long start, long end) {
        return late(mention, start, end, mention.closeTime() - (end + grace), LateMention.WINDOW_CLOSED);
    }

    private static LateMention late(TimedMention mention, long start, long end, long lateness, String reason) {
        Instant closeTime = mention.closeTime() == UpstreamWatermarks.UNKNOWN ? null
                : Instant.ofEpochMilli(mention.closeTime());
        return new LateMention(mention.mention(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), closeTime,
                lateness, reason);
    }

    private static long epochMillis(Instant instant) {
        if (instant.getEpochSecond() > SATURATED / 1000) {
            return SATURATED;
        }
        if (instant.getEpochSecond() < -SATURATED / 1000) {
            return -SATURATED;
        }
        return instant.toEpochMilli();
    }
}
