package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

/**
 * Marks a Kafka record an app rejects with the reason and its topic, in the {@link DeadLetterHeaders} every app's
 * dead letters carry. Kafka Streams apps call it from their deserializers: the dead-letter publisher copies the
 * record's headers.
 */
public final class RejectedRecords {

    private RejectedRecords() {
    }

    public static void mark(Headers headers, String topic, String reason) {
        if (headers == null) {
            return;
        }
        try {
            headers.remove(DeadLetterHeaders.REASON);
            headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
            if (topic != null) {
                headers.remove(DeadLetterHeaders.ORIGINAL_TOPIC);
                headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (IllegalStateException readOnly) {
            // Headers of a record already sent are read-only; the reason still travels in the exception.
        }
    }
}
