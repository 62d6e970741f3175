package io.tagpulse.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Every record of a topic committed at the time of the read, partition by partition in offset order, read by an
 * {@link Observer} (read_committed, in no group): what a replay of the topic sees, and what its consumers see.
 */
final class CommittedRecords {

    private static final Duration READ_WITHIN = Duration.ofSeconds(60);

    private CommittedRecords() {
    }

    /** @return the committed records of each partition of {@code topic}, by partition, each list in offset order */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read(String bootstrapServers, String topic) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Observer.open(bootstrapServers)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions.isEmpty()) {
                throw new IllegalStateException(topic + " does not exist");
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                byPartition.put(info.partition(), readPartition(consumer, partition));
            }
        }
        return byPartition;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readPartition(KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        // Under read_committed the end offset is the last stable offset: everything committed by now.
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_WITHIN.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partition + " to offset " + end + " within "
                        + READ_WITHIN.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(500)).records(partition).forEach(records::add);
        }
        return records;
    }
}
