package io.tagpulse.counter.window;

import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.Watermark;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The clock of a counter task: reads its hashtags partition in order, takes the processor's {@link Watermark}s in,
 * and hands the window counts their input ({@link WindowInput}): each mention placed in event time, and the close
 * time each time it grows.
 * <p>
 * <b>Close time.</b> Windows close by the processor's watermarks, not by the mentions: the close time is the oldest
 * event time to which the processor has read every partition of its input, idle partitions aside
 * ({@link UpstreamWatermarks}), so a backlog read one partition's block after another, a paused stage or a restart
 * cannot make the mentions still to come late. It only grows, and is kept with the watermarks in the changelogged
 * store {@value #STORE}, so a restarted or migrated task, or a replay of the topic, decides the same way.
 * <p>
 * <b>Mentions</b> go on with the event time they count at ({@link LateRule#eventTime}), their arrival (the record's
 * timestamp) and the close time when they arrived. A mention without key is dropped and counted in the metric
 * {@code mentions-without-key}: it may sit in another partition than its tag's windows, and counting it by its tag
 * here could count one window in two tasks.
 * <p>
 * Processor API: the close time is the task's own state, kept in a store, and follows the order of mentions and
 * watermarks within the partition; the DSL's windows know only stream time, the newest record seen.
 */
public final class WatermarkClockProcessor implements Processor<String, HashtagsTopicRecord, String, WindowInput> {

    /**
     * Name of the store of the task's time: the upstream watermarks and the close time (this stage), and how far
     * each window size has been closed (each {@link WindowCountProcessor}, under {@code closed-through:<store>}).
     */
    public static final String STORE = "counter-clock";

    /** Metric group of the counter's own metrics (Kafka Streams prefixes it as {@code stream-<group>-metrics}). */
    public static final String METRIC_SCOPE = "tagpulse-counter";

    private static final String CLOSE_TIME = "close-time";

    private static final String UPSTREAM_PARTITIONS = "upstream-partitions";

    private static final String UPSTREAM_MARK = "upstream-mark:";

    private static final String UPSTREAM_IDLE = "upstream-idle:";

    private final LateRule rule;

    private UpstreamWatermarks upstream;

    private ProcessorContext<String, WindowInput> context;

    private KeyValueStore<String, Long> clock;

    private Sensor keyless;

    /** Windows whose end plus grace this has reached are closed; {@link UpstreamWatermarks#UNKNOWN} before any. */
    private long closeTime;

    WatermarkClockProcessor(LateRule rule) {
        this.rule = rule;
    }

    /** @return the stage, with the store it keeps the task's time in */
    public static ProcessorSupplier<String, HashtagsTopicRecord, String, WindowInput> supplier(LateRule rule) {
        return new ProcessorSupplier<>() {

            @Override
            public Processor<String, HashtagsTopicRecord, String, WindowInput> get() {
                return new WatermarkClockProcessor(rule);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Serdes.Long()).withCachingEnabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, WindowInput> context) {
        this.context = context;
        this.clock = context.getStateStore(STORE);
        // All from the store: a task revived after an error is initialized again with its store as committed.
        this.upstream = new UpstreamWatermarks();
        Long stored = clock.get(CLOSE_TIME);
        closeTime = stored == null ? UpstreamWatermarks.UNKNOWN : stored;
        Long storedPartitions = clock.get(UPSTREAM_PARTITIONS);
        int partitions = storedPartitions == null ? 0 : storedPartitions.intValue();
        for (int partition = 0; partition < partitions; partition++) {
            upstream.restore(partitions, partition, clock.get(UPSTREAM_MARK + partition),
                    Long.valueOf(1L).equals(clock.get(UPSTREAM_IDLE + partition)));
        }
        keyless = context.metrics().addRateTotalSensor(METRIC_SCOPE, context.taskId().toString(),
                "mentions-without-key", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, HashtagsTopicRecord> record) {
        if (record.value() instanceof Watermark watermark) {
            advance(watermark, record.timestamp());
            return;
        }
        if (record.key() == null || !(record.value() instanceof HashtagMention mention)) {
            keyless.record();
            return;
        }
        // The record's timestamp is its post's arrival; the event time is the mention's own.
        long arrival = record.timestamp();
        context.forward(new Record<>(record.key(), new TimedMention(record.key(), mention,
                rule.eventTime(mention.eventTime(), arrival), arrival, closeTime), arrival));
    }

    /** Takes in the processor's word on its progress, and sends on the close time it allows if that has grown. */
    private void advance(Watermark watermark, long timestamp) {
        upstream.apply(watermark);
        clock.put(UPSTREAM_PARTITIONS, (long) upstream.partitions());
        watermark.eventTimes().keySet().forEach(partition -> {
            clock.put(UPSTREAM_MARK + partition, upstream.marks().get(partition));
            clock.put(UPSTREAM_IDLE + partition, upstream.idle().get(partition) ? 1L : 0L);
        });
        watermark.idle().forEach(partition -> clock.put(UPSTREAM_IDLE + partition, 1L));
        long allowed = upstream.closeTime();
        if (allowed != UpstreamWatermarks.UNKNOWN && allowed > closeTime) {
            closeTime = allowed;
            clock.put(CLOSE_TIME, closeTime);
            context.forward(new Record<>(null, new CloseTime(closeTime), timestamp));
        }
    }
}
