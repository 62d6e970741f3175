package io.tagpulse.counter.support;

import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import tools.jackson.core.JacksonException;

/** A JSON serde over {@link TagpulseJson}'s mapper, for the counter's own records and state. */
public class JsonSerde<T> extends Serdes.WrapperSerde<T> {

    public JsonSerde(Class<T> type) {
        super((topic, value) -> value == null ? null : TagpulseJson.write(value), (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return TagpulseJson.mapper().readValue(data, type);
            }
            catch (JacksonException ex) {
                throw new SerializationException("unreadable " + type.getSimpleName() + ": " + ex.getOriginalMessage(),
                        ex);
            }
        });
    }
}
