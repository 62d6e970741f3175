package io.tagpulse.source.connector;

import java.util.Optional;

import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live source that reads only while this replica leads it: started with the app it stands by (no connection); when
 * leadership is {@link #granted()} it starts the source, which loads the saved position then (never one read
 * earlier), and when leadership is {@link #revoked()} it stops it, returning only once the source has stopped reading
 * and saved its position, so that another replica may start after it. Which replica leads is decided elsewhere (in the
 * app, by a Kafka consumer group); this class only sees grant and revoke, in any order against start and stop.
 */
public final class LeaderGatedSource implements PostSource {

    private static final Logger log = LoggerFactory.getLogger(LeaderGatedSource.class);

    private final PostSource source;

    private final String id;

    // Changed under the lock, read without it: health is not held up while a revoked source saves its position.
    private volatile PostSink sink;

    private volatile boolean leader;

    private volatile boolean reading;

    /**
     * @param source the live source to gate
     * @param id the source's id among the replicas (its position key), for logs and health
     */
    public LeaderGatedSource(PostSource source, String id) {
        this.source = source;
        this.id = id;
    }

    @Override
    public String name() {
        return source.name();
    }

    /** @return the source's id among the replicas */
    public String id() {
        return id;
    }

    /** Stands by, or starts reading at once when leadership came first. */
    @Override
    public synchronized void start(PostSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("the " + name() + " source is running already");
        }
        this.sink = sink;
        follow();
    }

    /** Stops reading, if this replica was, and stands by no more. */
    @Override
    public synchronized void stop() {
        sink = null;
        follow();
    }

    /** This replica now leads the source: it starts reading, once started. */
    public synchronized void granted() {
        log.info("This replica leads live source {}", id);
        leader = true;
        follow();
    }

    /** This replica no longer leads: it stops reading, and returns once the position is saved. */
    public synchronized void revoked() {
        log.info("This replica no longer leads live source {}", id);
        leader = false;
        follow();
    }

    /** @return whether this replica leads the source */
    public boolean isLeader() {
        return leader;
    }

    /** @return whether this replica reads the source: it leads and has been started */
    public boolean isReading() {
        return reading;
    }

    /** Starts or stops the source so that it reads exactly while started and leading. */
    private void follow() {
        boolean read = leader && sink != null;
        if (read && !reading) {
            source.start(sink);
            reading = true;
        }
        else if (!read && reading) {
            reading = false;
            source.stop();
        }
    }

    @Override
    public Status status() {
        if (sink != null && !reading) {
            return new Status(State.STANDBY, "standing by: another replica leads live source " + id);
        }
        return source.status();
    }

    @Override
    public long acknowledgedUpTo() {
        return source.acknowledgedUpTo();
    }

    @Override
    public Optional<PositionStatus> positionStatus() {
        return source.positionStatus();
    }
}
