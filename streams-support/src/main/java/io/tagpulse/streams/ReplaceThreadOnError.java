package io.tagpulse.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kafka Streams app does when a stream thread dies of an error: it starts a new thread in its place, which
 * resumes from the last commit (exactly-once aborts what the dead thread had not committed), instead of Kafka
 * Streams' default of shutting the whole client down and leaving a running JVM that processes nothing. A broker that
 * restarts in the middle of a transaction commit is such an error ({@code EndTxnResponse}: "unexpected error").
 * <p>
 * Replacement is bounded: after {@code maxReplacements} within {@code window} the error is taken as permanent (a bug,
 * not a hiccup) and the client shuts down, so its health turns DOWN and the platform restarts the app.
 */
public final class ReplaceThreadOnError implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaceThreadOnError.class);

    private final int maxReplacements;

    private final long windowMillis;

    private final LongSupplier clock;

    private final Deque<Long> replacements = new ArrayDeque<>();

    /** At most 10 replacements within 5 minutes. */
    public ReplaceThreadOnError() {
        this(10, Duration.ofMinutes(5), System::currentTimeMillis);
    }

    public ReplaceThreadOnError(int maxReplacements, Duration window, LongSupplier clock) {
        this.maxReplacements = maxReplacements;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > windowMillis) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            LOG.error("A stream thread died for the {}th time within {} s; shutting the Kafka Streams client down",
                    replacements.size() + 1, windowMillis / 1000, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.warn("A stream thread died; a new one resumes from the last commit", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
