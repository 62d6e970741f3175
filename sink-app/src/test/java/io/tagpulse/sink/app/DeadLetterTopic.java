package io.tagpulse.sink.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/** The dead-letter topic of a test's broker, read from its start by a consumer group of its own. */
final class DeadLetterTopic {

    private DeadLetterTopic() {
    }

    /**
     * @param brokers the broker's bootstrap servers
     * @param wait how long the awaited dead letters may take
     * @param arrived whether the dead letters read so far hold the awaited ones
     * @return every dead letter on the topic, read until {@code arrived} holds and then to the end of every partition:
     *     a dead letter sent before the awaited ones is among them
     */
    static List<ConsumerRecord<String, String>> readUntil(String brokers, Duration wait,
            Predicate<List<ConsumerRecord<String, String>>> arrived) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letters-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            dlq.subscribe(List.of(Topics.DEAD_LETTER));
            await().atMost(wait).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(found::add);
                return arrived.test(found);
            });
            Map<TopicPartition, Long> ends = dlq.endOffsets(dlq.assignment());
            await().atMost(wait).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(found::add);
                return ends.entrySet().stream().allMatch(end -> dlq.position(end.getKey()) >= end.getValue());
            });
        }
        return found;
    }

    /**
     * @return the dead letters of {@code key} on the topic, read until there are {@code expected} of them and then to
     *     the end of every partition (so that one more is among them too)
     */
    static List<ConsumerRecord<String, String>> withKey(String brokers, Duration wait, String key, int expected) {
        return withKey(readUntil(brokers, wait, found -> withKey(found, key).size() >= expected), key);
    }

    private static List<ConsumerRecord<String, String>> withKey(List<ConsumerRecord<String, String>> records,
            String key) {
        return records.stream().filter(record -> key.equals(record.key())).toList();
    }
}
