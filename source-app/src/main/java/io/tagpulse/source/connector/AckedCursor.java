package io.tagpulse.source.connector;

import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which posts of a stream with positions (Jetstream's cursor) are done, and the position it is safe to resume from:
 * the newest such that it and every position before it have been acknowledged by Kafka. Acknowledgements may arrive
 * out of order, so a post still waiting, or one whose send failed, holds the position back: a reconnect replays from
 * there instead of losing it, and the posts after it that were acknowledged already are recognised and not sent
 * twice.
 */
public final class AckedCursor {

    /** Events sent and not yet acknowledged, by cursor; the value counts events sharing a cursor. */
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();

    /** Events whose send failed: to be sent again. */
    private final TreeSet<Long> failed = new TreeSet<>();

    /** Events acknowledged while an older one was still open. */
    private final TreeSet<Long> acknowledgedAhead = new TreeSet<>();

    private long highestSent;

    public AckedCursor(long start) {
        this.highestSent = start;
    }

    /** @return whether the event needs no sending: acknowledged already, or on its way */
    public synchronized boolean isDone(long cursor) {
        return (cursor <= safe() && !failed.contains(cursor)) || acknowledgedAhead.contains(cursor)
                || inFlight.containsKey(cursor);
    }

    public synchronized void sent(long cursor) {
        failed.remove(cursor);
        inFlight.merge(cursor, 1, Integer::sum);
        highestSent = Math.max(highestSent, cursor);
    }

    public synchronized void acknowledged(long cursor) {
        inFlight.computeIfPresent(cursor, (key, count) -> count == 1 ? null : count - 1);
        long safe = safe();
        if (cursor > safe) {
            acknowledgedAhead.add(cursor);
        }
        acknowledgedAhead.headSet(safe, true).clear();
    }

    public synchronized void failed(long cursor) {
        inFlight.computeIfPresent(cursor, (key, count) -> count == 1 ? null : count - 1);
        failed.add(cursor);
    }

    /** @return how many events wait for an acknowledgement */
    public synchronized int inFlightCount() {
        return inFlight.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the cursor to resume from: just before the oldest open event, else the newest sent */
    public synchronized long safe() {
        long oldestOpen = Long.MAX_VALUE;
        if (!inFlight.isEmpty()) {
            oldestOpen = inFlight.firstKey();
        }
        if (!failed.isEmpty()) {
            oldestOpen = Math.min(oldestOpen, failed.first());
        }
        return oldestOpen == Long.MAX_VALUE ? highestSent : Math.min(highestSent, oldestOpen - 1);
    }
}
