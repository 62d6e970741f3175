package io.tagpulse.counter;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.RejectedRecords;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * JSON serde of the hashtags topic's records over {@link TagpulseJson}: a {@link Watermark} when the record has the
 * {@link Watermark#HEADER} header, a {@link io.tagpulse.contracts.HashtagMention} otherwise.
 * <p>
 * An unreadable or invalid record (including an empty value or a tombstone) makes the deserializer throw
 * {@link InvalidRecordException}, so Kafka Streams hands the raw record to the deserialization exception handler;
 * in the app that sends it to the dead-letter topic. Before throwing, the deserializer puts the reason and the
 * source topic into the record's headers under {@link DeadLetterHeaders}: the dead-letter publisher copies the
 * record's headers, so the counter's dead letters carry the same headers as the other apps'.
 */
public class HashtagsTopicSerde extends Serdes.WrapperSerde<HashtagsTopicRecord> {

    public HashtagsTopicSerde() {
        super((topic, record) -> record == null ? null : TagpulseJson.write(record), new RecordDeserializer());
    }

    static final class RecordDeserializer implements Deserializer<HashtagsTopicRecord> {

        @Override
        public HashtagsTopicRecord deserialize(String topic, byte[] data) {
            return TagpulseJson.readMention(data);
        }

        @Override
        public HashtagsTopicRecord deserialize(String topic, Headers headers, byte[] data) {
            try {
                return headers != null && headers.lastHeader(Watermark.HEADER) != null
                        ? TagpulseJson.readWatermark(data) : TagpulseJson.readMention(data);
            }
            catch (InvalidRecordException ex) {
                RejectedRecords.mark(headers, ex.getMessage(), ex, topic, -1, -1);
                throw ex;
            }
        }
    }
}
