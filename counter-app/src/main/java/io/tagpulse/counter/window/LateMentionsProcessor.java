package io.tagpulse.counter.window;

import io.tagpulse.contracts.LateMention;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The last step of the late output, from every window size's count: passes each late mention on to the sink and
 * counts it in the task's metric {@code late-mentions} ({@code -total} and {@code -rate}, group
 * {@code stream-tagpulse-counter-metrics}), so no mention leaves the counts unseen. Processor API only for the task's
 * metrics, which the DSL does not reach.
 */
public final class LateMentionsProcessor implements FixedKeyProcessor<String, LateMention, LateMention> {

    private FixedKeyProcessorContext<String, LateMention> context;

    private Sensor lateMentions;

    @Override
    public void init(FixedKeyProcessorContext<String, LateMention> context) {
        this.context = context;
        lateMentions = context.metrics().addRateTotalSensor(WatermarkClockProcessor.METRIC_SCOPE,
                context.taskId().toString(), "late-mentions", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, LateMention> record) {
        lateMentions.record();
        context.forward(record);
    }
}
