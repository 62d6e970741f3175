package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.InFlight;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a live connector's frames end up, for one run: each post checked as the pipeline checks it, skipped when its
 * position was acknowledged already, handed to the sink with a bound on those waiting for Kafka, and its position
 * tracked by an {@link AckedCursor}, of which only the acknowledged part is ever saved.
 * <p>
 * The sink retries a refused post ({@link RetryingSink}); once a post has failed for good, nothing is dropped
 * silently: the run is halted, its reader waits in {@link #holdIfHalted()} (the server is read no further), the
 * position stays before that post, and {@link #failure()} says why, for health, until the connector is stopped.
 */
final class PostHandoff implements LiveProtocol.Events {

    private static final Logger log = LoggerFactory.getLogger(PostHandoff.class);

    private final String name;

    private final PostSink sink;

    private final InFlight inFlight;

    private final AckedCursor cursor;

    private final PositionStore positions;

    private final ConnectorMetrics metrics;

    private final CountDownLatch released = new CountDownLatch(1);

    private volatile String failure;

    private volatile String saveFailure;

    private volatile long saved;

    /** @param resumeAfter the position the run starts after (the one saved last) */
    PostHandoff(String name, PostSink sink, int maxInFlight, long resumeAfter, PositionStore positions,
            ConnectorMetrics metrics) {
        this.name = name;
        this.sink = sink;
        this.inFlight = new InFlight(maxInFlight);
        this.cursor = new AckedCursor(resumeAfter);
        this.saved = resumeAfter;
        this.positions = positions;
        this.metrics = metrics;
    }

    @Override
    public void post(Post post, long position) throws InterruptedException {
        holdIfHalted();
        List<String> problems = post.problems();
        if (!problems.isEmpty()) {
            malformed("invalid Post: " + String.join("; ", problems));
            return;
        }
        boolean positioned = position != PostSource.NO_POSITION;
        if (positioned && cursor.isDone(position)) {
            metrics.duplicate();
            return;
        }
        metrics.post(post);
        if (positioned) {
            cursor.sent(position);
        }
        try {
            inFlight.send(sink, post, (ok, error) -> answered(post, position, error));
        }
        catch (InterruptedException ex) {
            if (positioned) {
                cursor.failed(position);
            }
            throw ex;
        }
    }

    private void answered(Post post, long position, Throwable error) {
        boolean positioned = position != PostSource.NO_POSITION;
        if (error == null) {
            if (positioned) {
                cursor.acknowledged(position);
            }
            return;
        }
        if (positioned) {
            cursor.failed(position);
        }
        halt("Kafka did not take " + name + " post " + post.id() + " after every retry: " + error);
    }

    private void halt(String reason) {
        if (failure == null) {
            failure = reason + "; reading stopped, the position stays before it (restart to resume from there)";
            log.error("{}", failure);
        }
    }

    /** Waits, while the run is halted, until the connector is stopped; returns at once otherwise. */
    void holdIfHalted() throws InterruptedException {
        if (failure != null) {
            released.await();
            throw new InterruptedException("the " + name + " connector is stopping");
        }
    }

    /** Lets a reader held by a halt go, for the stop. */
    void release() {
        released.countDown();
    }

    /** @return why the run halted (a post Kafka refused for good), {@code null} while it has not */
    String failure() {
        return failure;
    }

    /** @return why the last save of the position failed, {@code null} when it worked (or none was needed) */
    String saveFailure() {
        return saveFailure;
    }

    /** @return the position saved last (or loaded at the start) */
    long saved() {
        return saved;
    }

    @Override
    public void skipped() {
        metrics.skipped();
    }

    @Override
    public void duplicate() {
        metrics.duplicate();
    }

    @Override
    public void malformed(String reason) {
        metrics.malformed();
        log.warn("Skipping a malformed {} event: {}", name, reason);
    }

    /** @return the position up to which Kafka has acknowledged every post */
    long acknowledgedUpTo() {
        return cursor.safe();
    }

    /**
     * Saves the acknowledged position when it has moved. A failure is counted, kept for health (until a save works)
     * and logged; the next save tries again.
     */
    synchronized void save() {
        long safe = cursor.safe();
        if (safe == PostSource.NO_POSITION || (safe == saved && saveFailure == null)) {
            return;
        }
        try {
            positions.save(safe);
            saved = safe;
            if (saveFailure != null) {
                log.info("Saved the {} position {} again", name, safe);
            }
            saveFailure = null;
        }
        catch (RuntimeException ex) {
            if (saveFailure == null) {
                log.error("Could not save the {} position {}: {}", name, safe, ex.toString());
            }
            saveFailure = "could not save position " + safe + ": " + ex;
            metrics.positionSaveFailure();
        }
    }

    /** Waits at most {@code timeout} for the posts on their way to Kafka, when there is a position to save. */
    void drain(Duration timeout) throws InterruptedException {
        if (positions != PositionStore.NONE && !inFlight.awaitNone(timeout)) {
            log.warn("Stopping the {} connector with {} posts still waiting for Kafka; they will be read again", name,
                    inFlight.count());
        }
    }
}
