package io.tagpulse.sink.app;

import java.util.ArrayList;
import java.util.List;

import io.tagpulse.sink.ReceivedRecord;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Takes a batch message of the Kafka binder apart: its payload is the list of record values, and each Kafka header
 * is a list of the records' values in the same order. Headers that are missing (the test binder) leave the origin
 * unknown.
 */
final class BatchMessages {

    private BatchMessages() {
    }

    /**
     * @return the records of the batch, in order
     * @throws IllegalArgumentException if the message is not a batch of byte arrays (batch mode is off, or the binding
     *         does not read raw bytes)
     */
    static List<ReceivedRecord> records(Message<?> batch) {
        if (!(batch.getPayload() instanceof List<?> payload)) {
            throw new IllegalArgumentException("expected a batch (a list of records) but got a "
                    + batch.getPayload().getClass().getName() + ": the binding must be in batch mode");
        }
        List<byte[]> values = new ArrayList<>(payload.size());
        for (Object value : payload) {
            if (value != null && !(value instanceof byte[])) {
                throw new IllegalArgumentException("expected records of bytes but got a " + value.getClass().getName());
            }
            values.add((byte[]) value);
        }
        MessageHeaders headers = batch.getHeaders();
        List<?> keys = list(headers, KafkaHeaders.RECEIVED_KEY, values.size());
        List<?> topics = list(headers, KafkaHeaders.RECEIVED_TOPIC, values.size());
        List<?> partitions = list(headers, KafkaHeaders.RECEIVED_PARTITION, values.size());
        List<?> offsets = list(headers, KafkaHeaders.OFFSET, values.size());
        List<?> timestamps = list(headers, KafkaHeaders.RECEIVED_TIMESTAMP, values.size());
        List<ReceivedRecord> records = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            records.add(new ReceivedRecord(keys.get(i) instanceof byte[] key ? key : null, values.get(i),
                    topics.get(i) instanceof String topic ? topic : null,
                    partitions.get(i) instanceof Number partition ? partition.intValue() : -1,
                    offsets.get(i) instanceof Number offset ? offset.longValue() : -1,
                    timestamps.get(i) instanceof Number timestamp ? timestamp.longValue() : -1));
        }
        return records;
    }

    private static List<?> list(MessageHeaders headers, String name, int size) {
        Object value = headers.get(name);
        if (value instanceof List<?> list && list.size() == size) {
            return list;
        }
        List<Object> unknown = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            unknown.add(null);
        }
        return unknown;
    }
}
