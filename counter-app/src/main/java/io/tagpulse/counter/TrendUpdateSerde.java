package io.tagpulse.counter;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import org.apache.kafka.common.serialization.Serdes;

/** JSON serde of {@link TrendUpdate} over {@link TagpulseJson}, named by class in the {@code trends} binding. */
public class TrendUpdateSerde extends Serdes.WrapperSerde<TrendUpdate> {

    public TrendUpdateSerde() {
        super((topic, trend) -> trend == null ? null : TagpulseJson.write(trend),
                (topic, data) -> data == null ? null : TagpulseJson.readTrend(data));
    }
}
