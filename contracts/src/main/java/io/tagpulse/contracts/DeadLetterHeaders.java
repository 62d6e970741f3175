package io.tagpulse.contracts;

/**
 * Headers the apps put on records they send to the dead-letter topic, besides the Kafka binder's own
 * {@code x-original-topic}, {@code x-original-partition}, {@code x-original-offset} and {@code x-exception-*}.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, in words (UTF-8). */
    public static final String REASON = "x-exception-message";

    /** The topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "x-original-topic";

    private DeadLetterHeaders() {
    }
}
