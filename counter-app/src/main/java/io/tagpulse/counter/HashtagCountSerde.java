package io.tagpulse.counter;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.serialization.Serdes;

/** JSON serde of {@link HashtagCount} over {@link TagpulseJson}; reading an invalid count throws. */
public class HashtagCountSerde extends Serdes.WrapperSerde<HashtagCount> {

    public HashtagCountSerde() {
        super((topic, count) -> count == null ? null : TagpulseJson.writeCount(count),
                (topic, data) -> TagpulseJson.readCount(data));
    }
}
