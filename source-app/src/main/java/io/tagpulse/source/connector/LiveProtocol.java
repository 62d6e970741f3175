package io.tagpulse.source.connector;

import java.util.Optional;
import java.util.function.Function;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSource;

/**
 * What a live platform adds to the {@link LiveConnector} runtime: where to connect (resuming after a position when the
 * platform can), what to check when the server refuses the credentials, and how to read the frames it sends. The
 * connection itself, reconnects, timeouts, limits and metrics are the runtime's.
 */
public interface LiveProtocol {

    /** @return the platform's name in logs, metric tags and health, e.g. {@code jetstream} */
    String name();

    /**
     * @param resumeAfter the position up to which Kafka has acknowledged every post, or {@link PostSource#NO_POSITION}
     * @return the request of the next connection
     */
    Transport.Request request(long resumeAfter);

    /** @return what a person should check when the server refuses the credentials */
    String credentialsHint();

    /** @return a reader for one connection: a new one for each, so that half an event never spans a reconnect */
    FrameReader newReader();

    /** Runs once per start, before the first connection (X makes its stream rules equal to the configured ones). */
    default void prepare() throws InterruptedException {
    }

    /**
     * A reader of frames that each parse to at most one value: a frame {@code parser} cannot read (it throws
     * {@link InvalidRecordException}) is malformed; what it read, or that it read nothing, goes to {@code handler}.
     */
    static <T> FrameReader parsing(Function<String, Optional<T>> parser, ParsedFrame<T> handler) {
        return (frame, events) -> {
            Optional<T> parsed;
            try {
                parsed = parser.apply(frame);
            }
            catch (InvalidRecordException ex) {
                events.malformed(ex.getMessage());
                return;
            }
            handler.handle(parsed, events);
        };
    }

    /** What a frame parsed to, handed to events. */
    @FunctionalInterface
    interface ParsedFrame<T> {

        void handle(Optional<T> parsed, Events events) throws InterruptedException;
    }

    /** Turns the frames of one connection into posts. */
    @FunctionalInterface
    interface FrameReader {

        /** Hands what the frame carries (a post, an event that carries none, a malformed one, nothing) to events. */
        void read(String frame, Events events) throws InterruptedException;
    }

    /** What a frame carried. */
    interface Events {

        /**
         * A post at a position of the stream (Jetstream's cursor): it is skipped when it was acknowledged already,
         * and the acknowledged position is what a reconnect or a restart resumes after. Waits while too many posts
         * wait for Kafka.
         */
        void post(Post post, long position) throws InterruptedException;

        /** A post of a stream without positions. Waits while too many posts wait for Kafka. */
        default void post(Post post) throws InterruptedException {
            post(post, PostSource.NO_POSITION);
        }

        /** An event that carries no post (a delete, another kind of event). */
        void skipped();

        /** A post the platform sent again that was sent already (X's backfill after a reconnect): not sent twice. */
        void duplicate();

        /** An event that could not be read; the reason is logged. */
        void malformed(String reason);
    }
}
