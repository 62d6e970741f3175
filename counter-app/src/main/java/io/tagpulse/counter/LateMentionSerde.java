package io.tagpulse.counter;

import io.tagpulse.contracts.LateMention;
import io.tagpulse.counter.support.JsonSerde;

/** JSON serde of {@link LateMention}, named by class in the {@code late} binding. */
public class LateMentionSerde extends JsonSerde<LateMention> {

    public LateMentionSerde() {
        super(LateMention.class);
    }
}
