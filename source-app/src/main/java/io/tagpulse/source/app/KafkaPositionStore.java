package io.tagpulse.source.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;


import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.tagpulse.source.connector.PositionStore;

/**
 * Keeps one live source's position in a compacted Kafka topic, under the source's key, so that the source resumes
 * wherever it starts again, without a volume. A save is written with {@code acks=all} (idempotent) and returns once
 * the broker has it; a load reads the topic from its start to its end and takes the last value of the key. The topic
 * is created (one partition, compacted, the broker's replication) when it is missing.
 */
final class KafkaPositionStore implements PositionStore, AutoCloseable {

    private final String topic;

    private final String key;

    private final Map<String, Object> producerConfig;

    private final Map<String, Object> consumerConfig;

    private final Map<String, Object> adminConfig;

    private final Duration timeout;

    private Producer<String, String> producer;

    private boolean topicChecked;

    /**
     * @param clientConfig the connection settings (bootstrap servers, security) every client of the store uses
     * @param timeout longest wait of a save or a load's steps
     */
    KafkaPositionStore(Map<String, Object> clientConfig, String topic, String key, Duration timeout) {
        this.topic = topic;
        this.key = key;
        this.timeout = timeout;
        int millis = (int) timeout.toMillis();
        this.adminConfig = new HashMap<>(clientConfig);
        adminConfig.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        adminConfig.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis);
        this.producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "tagpulse-positions-" + key);
        this.consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        consumerConfig.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }

    /** @return the key the position is kept under */
    String key() {
        return key;
    }

    @Override
    public synchronized OptionalLong load() {
        ensureTopic();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            String last = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read topic " + topic + " to its end within "
                            + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            return parse(last);
        }
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition
            .getValue());
    }

    private OptionalLong parse(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        }
        catch (NumberFormatException ex) {
            throw new IllegalStateException("the position of " + key + " in topic " + topic + " is not a number: '"
                    + value + "'; write a number under that key, or an empty value to start from the live end", ex);
        }
    }

    @Override
    public synchronized void save(long position) {
        ensureTopic();
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, Long.toString(position)))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving position " + position + " to " + topic, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            throw new IllegalStateException("Kafka did not take position " + position + " on topic " + topic + ": "
                    + cause, cause);
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("could not send position " + position + " to topic " + topic + ": " + ex,
                    ex);
        }
    }

    /** Creates the topic, compacted, when it does not exist; once per store. */
    private void ensureTopic() {
        if (!topicChecked) {
            OnePartitionTopic.ensure(adminConfig, topic,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), timeout);
            topicChecked = true;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
