package io.tagpulse.counter;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.RejectedRecords;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * JSON serde of {@link HashtagMention} over {@link TagpulseJson}.
 * <p>
 * An unreadable or invalid record (including an empty value or a tombstone) makes the deserializer throw
 * {@link InvalidRecordException}, so Kafka Streams hands the raw record to the deserialization exception handler;
 * in the app that sends it to the dead-letter topic. Before throwing, the deserializer puts the reason and the
 * source topic into the record's headers under {@link DeadLetterHeaders}: the dead-letter publisher copies the
 * record's headers, so the counter's dead letters carry the same headers as the other apps'.
 */
public class HashtagMentionSerde extends Serdes.WrapperSerde<HashtagMention> {

    public HashtagMentionSerde() {
        super((topic, mention) -> mention == null ? null : TagpulseJson.write(mention), new MentionDeserializer());
    }

    static final class MentionDeserializer implements Deserializer<HashtagMention> {

        @Override
        public HashtagMention deserialize(String topic, byte[] data) {
            return TagpulseJson.readMention(data);
        }

        @Override
        public HashtagMention deserialize(String topic, Headers headers, byte[] data) {
            try {
                return TagpulseJson.readMention(data);
            }
            catch (InvalidRecordException ex) {
                RejectedRecords.mark(headers, topic, ex.getMessage());
                throw ex;
            }
        }
    }
}
