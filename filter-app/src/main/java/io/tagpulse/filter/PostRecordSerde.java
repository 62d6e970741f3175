package io.tagpulse.filter;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.RejectedRecords;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads posts for the filter's topology and writes them back as the bytes they came in. An unreadable or invalid
 * post makes the deserializer throw, after marking the record with the reason, so the dead-letter handler publishes
 * it with the same headers as every other app's dead letters.
 */
public class PostRecordSerde extends Serdes.WrapperSerde<PostRecord> {

    public PostRecordSerde() {
        super((topic, record) -> record == null ? null : record.raw(), new PostDeserializer());
    }

    static final class PostDeserializer implements Deserializer<PostRecord> {

        @Override
        public PostRecord deserialize(String topic, byte[] data) {
            return new PostRecord(data, TagpulseJson.readPost(data));
        }

        @Override
        public PostRecord deserialize(String topic, Headers headers, byte[] data) {
            try {
                return deserialize(topic, data);
            }
            catch (InvalidRecordException ex) {
                RejectedRecords.mark(headers, ex.getMessage(), ex, topic, -1, -1);
                throw ex;
            }
        }
    }
}
