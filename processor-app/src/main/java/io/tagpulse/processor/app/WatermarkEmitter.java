package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.processor.WatermarkTracker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Keeps a {@link WatermarkTracker} per consumer thread, follows the thread's partition assignment, and turns a due
 * watermark into one message per partition of the output topic, so that every counter task hears of it. The
 * messages go out in the poll's own transaction, after its mentions: a watermark never overtakes a mention it covers.
 * Each consumer thread has its own tracker because a watermark may only speak for partitions whose mentions went
 * out through the same producer before it.
 */
final class WatermarkEmitter implements KafkaBindingRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkEmitter.class);

    private static final byte[] MARKER = "1".getBytes(StandardCharsets.UTF_8);

    /** How often the output topic's partition count is asked again, so that added partitions hear of watermarks. */
    private static final long REFRESH_MILLIS = 60_000;

    private final String outputTopic;

    private final ThreadLocal<ThreadState> state;

    WatermarkEmitter(String outputTopic, ProcessorProperties properties) {
        this.outputTopic = outputTopic;
        this.state = ThreadLocal.withInitial(() -> new ThreadState(new WatermarkTracker(
                properties.watermarkInterval(), properties.idleTimeout())));
    }

    /** The calling consumer thread's tracker. */
    WatermarkTracker tracker() {
        return state.get().tracker;
    }

    @Override
    public void onPartitionsAssigned(String bindingName, Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions, boolean initial) {
        ThreadState thread = state.get();
        thread.tracker.assigned(partitions.stream().map(TopicPartition::partition).toList(),
                System.currentTimeMillis());
        thread.consumer = consumer;
        partitions.stream().map(TopicPartition::topic).findFirst().ifPresent(topic -> thread.inputTopic = topic);
        thread.refresh(outputTopic, System.currentTimeMillis());
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(String bindingName, Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions) {
        state.get().tracker.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }

    /**
     * @return the watermark messages due after a poll, one per output partition (one without a partition when the
     *         partitions are unknown: a binder without Kafka, as in the tests), or none
     */
    List<Message<byte[]>> due(long now) {
        ThreadState thread = state.get();
        if (thread.consumer != null && (thread.outputPartitions < 1 || now - thread.refreshedAt > REFRESH_MILLIS)) {
            thread.refresh(outputTopic, now);
        }
        if (thread.consumer != null && (thread.inputPartitions < 1 || thread.outputPartitions < 1)) {
            // Without both counts a watermark could claim too little input or miss a counter task: it waits.
            return List.of();
        }
        Watermark watermark = thread.tracker.due(Math.max(1, thread.inputPartitions), now);
        if (watermark == null) {
            return List.of();
        }
        byte[] json = TagpulseJson.write(watermark);
        if (thread.outputPartitions < 1) {
            return List.of(MessageBuilder.withPayload(json).setHeader(Watermark.HEADER, MARKER).build());
        }
        List<Message<byte[]>> messages = new ArrayList<>(thread.outputPartitions);
        for (int partition = 0; partition < thread.outputPartitions; partition++) {
            messages.add(MessageBuilder.withPayload(json)
                .setHeader(Watermark.HEADER, MARKER)
                .setHeader(KafkaHeaders.PARTITION, partition)
                .build());
        }
        return messages;
    }

    /** One consumer thread's tracker, its consumer, and the partition counts it last saw (0 before any). */
    private static final class ThreadState {

        final WatermarkTracker tracker;

        Consumer<?, ?> consumer;

        String inputTopic;

        int inputPartitions;

        int outputPartitions;

        long refreshedAt;

        ThreadState(WatermarkTracker tracker) {
            this.tracker = tracker;
        }

        /**
         * Asks the consumer (on its own thread, from its metadata) how many partitions both topics have. A failure
         * leaves the last counts: watermarks wait, counting does not.
         */
        void refresh(String outputTopic, long now) {
            refreshedAt = now;
            try {
                if (inputTopic != null) {
                    inputPartitions = Math.max(inputPartitions, count(consumer.partitionsFor(inputTopic)));
                }
                outputPartitions = Math.max(outputPartitions, count(consumer.partitionsFor(outputTopic)));
            }
            catch (RuntimeException ex) {
                LOG.warn("Could not read the partition counts of {} and {}; watermarks wait: {}", inputTopic,
                        outputTopic, ex.toString());
            }
        }

        private static int count(List<PartitionInfo> partitions) {
            return partitions == null ? 0 : partitions.size();
        }
    }
}
