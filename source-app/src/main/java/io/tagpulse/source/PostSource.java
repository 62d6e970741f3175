package io.tagpulse.source;

import java.util.Optional;

/**
 * A source of posts that the app runs in one of its modes (generator, replay, a live platform): started with the sink
 * its posts go to, stopped, and able to start again after a stop, as when another replica hands it over.
 * <p>
 * A source with positions (a live stream that can be resumed, such as Jetstream's cursor) tells how far Kafka has
 * acknowledged it: every post at or before {@link #acknowledgedUpTo()} has been acknowledged, so that position may be
 * saved and resumed after without losing a post, while posts after it may be read again (and are then removed as
 * duplicates by the filter).
 */
public interface PostSource {

    /** No position: the source has none, or nothing has been acknowledged yet. */
    long NO_POSITION = -1;

    /** @return the source's name in logs, thread names, metric tags and health */
    String name();

    /**
     * Starts reading on a thread of its own and returns. Every post goes to {@code sink}; while too many wait for
     * Kafka's acknowledgement the source stops reading, so that a slow broker slows the source instead of filling
     * the heap.
     *
     * @throws IllegalStateException when the source is running already
     */
    void start(PostSink sink);

    /**
     * Stops reading and returns once the source's threads are done. A source with positions first waits briefly for
     * the posts on their way to Kafka, then saves the position acknowledged. Does nothing when not running.
     */
    void stop();

    /** @return what the source is doing, for health */
    Status status();

    /** @return the position up to which Kafka has acknowledged every post, or {@link #NO_POSITION} */
    default long acknowledgedUpTo() {
        return NO_POSITION;
    }

    /** @return how the source's position is kept, empty for a source that keeps none */
    default Optional<PositionStatus> positionStatus() {
        return Optional.empty();
    }

    /**
     * @param saved the position saved last, or loaded at the start ({@link #NO_POSITION} for none)
     * @param acknowledgedUpTo the position up to which Kafka has acknowledged every post
     * @param failure why the position cannot be kept (a failed save, a failed load), {@code null} while it can
     */
    record PositionStatus(long saved, long acknowledgedUpTo, String failure) {
    }

    /** What a source is doing. */
    enum State {
        /** Not started, or stopped. */
        STOPPED,
        /** Started, standing by: another replica leads this live source and reads it. */
        STANDBY,
        /** Started, not yet reading (connecting). */
        STARTING,
        /** Reading posts. */
        RUNNING,
        /** Lost its connection (or was refused) and waits to try again. */
        RECONNECTING,
        /** Came to its end (a replay without loop). */
        FINISHED,
        /** Stopped by an error it cannot recover from. */
        FAILED
    }

    /**
     * @param state what the source is doing
     * @param detail why, in words (the last connection error, the server it reads)
     */
    record Status(State state, String detail) {

        public static final Status STOPPED = new Status(State.STOPPED, "stopped");
    }
}
