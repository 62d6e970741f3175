package io.tagpulse.contracts;

/**
 * The headers of every dead letter, whichever app wrote it: the one description of them. {@link RejectedRecords}
 * writes them; the names are the Kafka binder's own, so a dead letter written by the binder or by Spring Kafka's
 * recoverer reads the same. The record itself is the rejected one, key and value unchanged.
 * <ul>
 * <li>{@value #REASON}: why the record was rejected, in the words of the check that refused it (UTF-8);</li>
 * <li>{@value #EXCEPTION_CLASS}: the class of that check's exception (UTF-8);</li>
 * <li>{@value #ORIGINAL_TOPIC}: the topic the record was read from (UTF-8);</li>
 * <li>{@value #ORIGINAL_PARTITION} and {@value #ORIGINAL_OFFSET}: where in that topic (a 4-byte int and an 8-byte
 * long, big-endian, as the binder writes them), when the app knows them.</li>
 * </ul>
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, in words (UTF-8). */
    public static final String REASON = "x-exception-message";

    /** The class of the exception that rejected the record (UTF-8). */
    public static final String EXCEPTION_CLASS = "x-exception-fqcn";

    /** The topic the record was read from (UTF-8). */
    public static final String ORIGINAL_TOPIC = "x-original-topic";

    /** The partition the record was read from (4-byte big-endian int). */
    public static final String ORIGINAL_PARTITION = "x-original-partition";

    /** The offset the record was read from (8-byte big-endian long). */
    public static final String ORIGINAL_OFFSET = "x-original-offset";

    private DeadLetterHeaders() {
    }
}
