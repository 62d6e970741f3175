package io.tagpulse.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.header.Headers;

/**
 * The one way an app marks a record it rejects: the {@link DeadLetterHeaders} with the reason and the record's
 * origin. Kafka Streams apps mark the record's own headers ({@link #mark}) and the dead-letter path copies them;
 * apps that send the dead letter themselves put {@link #headers} on it.
 */
public final class RejectedRecords {

    private RejectedRecords() {
    }

    /**
     * The headers of a dead letter.
     *
     * @param reason why the record was rejected
     * @param rejection the exception that rejected it, or {@code null}
     * @param topic the topic it was read from, or {@code null} if unknown
     * @param partition its partition, or a negative number if unknown
     * @param offset its offset, or a negative number if unknown
     * @return the header names and values, in the order they are written
     */
    public static Map<String, byte[]> headers(String reason, Throwable rejection, String topic, int partition,
            long offset) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(DeadLetterHeaders.REASON, utf8(String.valueOf(reason)));
        if (rejection != null) {
            headers.put(DeadLetterHeaders.EXCEPTION_CLASS, utf8(rejection.getClass().getName()));
        }
        if (topic != null) {
            headers.put(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(topic));
        }
        if (partition >= 0) {
            headers.put(DeadLetterHeaders.ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition)
                .array());
        }
        if (offset >= 0) {
            headers.put(DeadLetterHeaders.ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        }
        return headers;
    }

    /** Marks a record's own headers with the reason and the topic it was read from (origin otherwise unknown). */
    public static void mark(Headers headers, String topic, String reason) {
        mark(headers, reason, null, topic, -1, -1);
    }

    /**
     * Marks a record's own headers as {@link #headers} describes, replacing earlier marks. Headers of a record
     * already sent are read-only: they are left as they are, and the reason still travels in the exception.
     */
    public static void mark(Headers headers, String reason, Throwable rejection, String topic, int partition,
            long offset) {
        if (headers == null) {
            return;
        }
        try {
            headers(reason, rejection, topic, partition, offset).forEach((name, value) -> {
                headers.remove(name);
                headers.add(name, value);
            });
        }
        catch (IllegalStateException readOnly) {
            // Read-only headers: nothing to mark.
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
