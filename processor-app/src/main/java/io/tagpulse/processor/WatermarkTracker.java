package io.tagpulse.processor;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tagpulse.contracts.Watermark;

/**
 * How far this processor instance has read each of its input partitions, in event time: the {@link Watermark}s it
 * sends to the counter after the mentions they cover. Used on the consumer's thread only.
 * <p>
 * For each partition it reads, the mark is the newest event time of the posts read from it: posts on one partition
 * come in about the order they arrived, so a post far behind its partition's mark is truly late, while posts of
 * different partitions may be read minutes apart (a backlog is read a block of one partition, then a block of the
 * next). The counter therefore closes a window only when every partition's mark has passed it.
 * <p>
 * A partition with no posts for {@code idleTimeout} while the others have posts is <em>idle</em>: it stops holding
 * the counter back. When the whole input was quiet for that long (a pause, a stopped upstream) and posts come again,
 * every partition counts as active again for another {@code idleTimeout}, so that a backlog arriving on all
 * partitions at once is not judged against the first partition that delivers.
 */
public final class WatermarkTracker {

    private final long intervalMillis;

    private final long idleTimeoutMillis;

    /** The newest event time read from each partition this instance reads, since it was assigned. */
    private final Map<Integer, Long> eventTimes = new HashMap<>();

    /** Wall-clock time each assigned partition last delivered a post, or was assigned, or the input resumed. */
    private final Map<Integer, Long> lastPost = new HashMap<>();

    /** Wall-clock time any partition last delivered a post; -1 before any. */
    private long lastAnyPost = -1;

    /** The idle partitions named in the last watermark sent. */
    private Set<Integer> idleSent = Set.of();

    /** Wall-clock time of the last watermark sent; -1 before any. */
    private long lastSent = -1;

    /**
     * @param interval the least time between two watermarks while nothing about idleness changes
     * @param idleTimeout how long a partition may go without posts, while others have some, before it is idle
     */
    public WatermarkTracker(Duration interval, Duration idleTimeout) {
        this.intervalMillis = interval.toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    /** The consumer was assigned these partitions: they count as active for the idle timeout from now. */
    public void assigned(Collection<Integer> partitions, long now) {
        partitions.forEach(partition -> lastPost.putIfAbsent(partition, now));
    }

    /**
     * The consumer no longer reads these partitions. Their marks are forgotten: a mark may cover posts read but not
     * committed, which the next owner reads again, and reporting it later could close windows those posts belong to.
     */
    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(partition -> {
            eventTimes.remove(partition);
            lastPost.remove(partition);
        });
    }

    /** A poll's posts are about to be read: if the whole input was quiet, every partition is active again. */
    public void beginPoll(long now) {
        if (lastAnyPost >= 0 && now - lastAnyPost > idleTimeoutMillis) {
            lastPost.replaceAll((partition, last) -> now);
        }
    }

    /** A post of {@code partition} with this event time was read (and its mentions are to be sent before the mark). */
    public void read(int partition, long eventTimeMillis, long now) {
        eventTimes.merge(partition, eventTimeMillis, Math::max);
        lastPost.put(partition, now);
        lastAnyPost = now;
    }

    /**
     * @param partitions how many partitions the input topic has
     * @return the watermark to send after this poll's mentions, or {@code null} when none is due: one is due once
     *         {@code interval} has passed since the last, or at once when a partition became idle or active again
     */
    public Watermark due(int partitions, long now) {
        Set<Integer> idle = new TreeSet<>();
        lastPost.forEach((partition, last) -> {
            if (now - last > idleTimeoutMillis) {
                idle.add(partition);
            }
        });
        boolean idleChanged = !idle.equals(idleSent);
        if (!idleChanged && lastSent >= 0 && now - lastSent < intervalMillis) {
            return null;
        }
        if (eventTimes.isEmpty() && idle.isEmpty()) {
            return null;
        }
        lastSent = now;
        idleSent = idle;
        return new Watermark(partitions, eventTimes, idle);
    }
}
