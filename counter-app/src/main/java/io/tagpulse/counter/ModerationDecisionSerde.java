package io.tagpulse.counter;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.serialization.Serdes;

/**
 * JSON serde of {@link ModerationDecision} over {@link TagpulseJson}, named by class in the {@code moderation}
 * binding. Reading an unreadable or invalid decision throws, so the deserialization exception handler sends it to the
 * dead-letter topic and the global table skips it; a tombstone (never written, but possible) reads as {@code null}.
 */
public class ModerationDecisionSerde extends Serdes.WrapperSerde<ModerationDecision> {

    public ModerationDecisionSerde() {
        super((topic, decision) -> decision == null ? null : TagpulseJson.write(decision),
                (topic, data) -> data == null ? null : TagpulseJson.readModeration(data));
    }
}
