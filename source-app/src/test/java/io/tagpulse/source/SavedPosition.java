package io.tagpulse.source;

import java.time.Duration;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/**
 * Follows the position a live source keeps under one key in the positions topic, as the resume tests read it: the
 * last value written under the key wins.
 */
public final class SavedPosition implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;

    private final String key;

    private long last;

    /** @param consumer a consumer of its own (this assigns it the positions topic and closes it) */
    public SavedPosition(KafkaConsumer<String, String> consumer, String key) {
        this.consumer = consumer;
        this.key = key;
    }

    /** @return the position kept under the key, as far as one poll reads; 0 when none yet */
    public long read() {
        if (consumer.assignment().isEmpty()) {
            var partitions = consumer.partitionsFor(Topics.SOURCE_POSITIONS, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions.stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList());
            consumer.seekToBeginning(consumer.assignment());
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            if (key.equals(record.key())) {
                last = Long.parseLong(record.value());
            }
        }
        return last;
    }

    /** @return the position kept under the key, read to the end of the positions topic; 0 when none */
    public long readToEnd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read();
            var end = consumer.endOffsets(consumer.assignment());
            return !end.isEmpty() && end.entrySet().stream()
                .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
        });
        return last;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
