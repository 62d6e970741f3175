package io.tagpulse.sink;

/**
 * One record as the sink received it: its bytes and where it came from, so that a rejected record can be
 * dead-lettered with its origin.
 *
 * @param key the record key, null when absent
 * @param value the record value, null when absent
 * @param topic the topic it was read from, null when unknown (the test binder)
 * @param partition its partition, -1 when unknown
 * @param offset its offset, -1 when unknown
 * @param timestamp its timestamp in epoch milliseconds, -1 when unknown
 */
public record ReceivedRecord(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {

    /** @return a record of unknown origin */
    public static ReceivedRecord of(byte[] key, byte[] value) {
        return new ReceivedRecord(key, value, null, -1, -1, -1);
    }

    /** @return where the record came from, for logs: {@code topic-partition@offset} */
    public String origin() {
        return (topic == null ? "?" : topic) + "-" + partition + "@" + offset;
    }
}
