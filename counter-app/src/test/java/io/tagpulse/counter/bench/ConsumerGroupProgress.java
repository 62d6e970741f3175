package io.tagpulse.counter.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/** How the benchmarks tell that a counter has read everything loaded: its group's commits against the topic's ends. */
final class ConsumerGroupProgress {

    private ConsumerGroupProgress() {
    }

    /** @return the end offset of each of the topic's {@code partitions} partitions */
    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Waits, at most {@code atMost}, until {@code group} has committed each partition up to its end. */
    static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
            return ends.entrySet().stream().allMatch(end -> committed.containsKey(end.getKey())
                    && committed.get(end.getKey()).offset() >= end.getValue());
        });
    }
}
