package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.List;

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
 */
final class PostHandoff implements LiveProtocol.Events {

    private static final Logger log = LoggerFactory.getLogger(PostHandoff.class);

    private final String name;

    private final PostSink sink;

    private final InFlight inFlight;

    private final AckedCursor cursor;

    private final PositionStore positions;

    private final ConnectorMetrics metrics;

    private final Runnable readAgain;

    private long saved;

    /**
     * @param resumeAfter the position the run starts after
     * @param readAgain what to do when Kafka refused a post with a position: reconnect, so it is read again
     */
    PostHandoff(String name, PostSink sink, int maxInFlight, long resumeAfter, PositionStore positions,
            ConnectorMetrics metrics, Runnable readAgain) {
        this.name = name;
        this.sink = sink;
        this.inFlight = new InFlight(maxInFlight);
        this.cursor = new AckedCursor(resumeAfter);
        this.saved = resumeAfter;
        this.positions = positions;
        this.metrics = metrics;
        this.readAgain = readAgain;
    }

    @Override
    public void post(Post post, long position) throws InterruptedException {
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
        if (position == PostSource.NO_POSITION) {
            if (error != null) {
                log.warn("Kafka did not take {} post {}: {}", name, post.id(), error.toString());
            }
            return;
        }
        if (error == null) {
            cursor.acknowledged(position);
            return;
        }
        cursor.failed(position);
        log.warn("Kafka did not take {} post {}: {}; it will be read again", name, post.id(), error.toString());
        readAgain.run();
    }

    @Override
    public void skipped() {
        metrics.skipped();
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

    /** Saves the acknowledged position when it has moved; a failure is logged and tried again next time. */
    synchronized void save() {
        long safe = cursor.safe();
        if (safe == PostSource.NO_POSITION || safe == saved) {
            return;
        }
        try {
            positions.save(safe);
            saved = safe;
        }
        catch (RuntimeException ex) {
            log.warn("Could not save the {} position {}: {}", name, safe, ex.getMessage());
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
