package io.tagpulse.benchmarks.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: a plain {@code KafkaConsumer} to {@code KafkaProducer} loop without Spring, copying every record (key,
 * value, headers) from one topic to another unchanged. Run as a child JVM by {@link StageBenchmark}:
 * {@code <bootstrap> <group> <input> <output> [eos|eos-record]}.
 * <ul>
 * <li>default: the raw capacity; offsets are committed asynchronously after each poll's sends are handed to the
 * producer (no delivery guarantee beyond the producer's own acks=all, idempotent defaults);</li>
 * <li>{@code eos}: the same loop as the processor's transactions: each poll's records and its offsets in one Kafka
 * transaction, input read committed;</li>
 * <li>{@code eos-record}: one transaction per record, as a Spring Kafka record listener with a transaction manager
 * commits (what the processor's record-at-a-time function costs).</li>
 * </ul>
 */
public final class Passthrough {

    private Passthrough() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String group = args[1];
        String input = args[2];
        String output = args[3];
        boolean eos = args.length > 4 && args[4].startsWith("eos");
        boolean perRecord = args.length > 4 && args[4].equals("eos-record");

        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, eos ? "read_committed" : "read_uncommitted");
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (eos) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-" + ProcessHandle.current().pid());
        }
        AtomicBoolean running = new AtomicBoolean(true);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.set(false);
                consumer.wakeup();
                try {
                    main.join(10_000);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }));
            if (eos) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(input));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                if (perRecord) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        producer.beginTransaction();
                        producer.send(new ProducerRecord<>(output, null, record.key(), record.value(),
                                record.headers()));
                        producer.sendOffsetsToTransaction(Map.of(new TopicPartition(record.topic(),
                                record.partition()), new OffsetAndMetadata(record.offset() + 1)),
                                consumer.groupMetadata());
                        producer.commitTransaction();
                    }
                    continue;
                }
                if (eos) {
                    producer.beginTransaction();
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(output, null, record.key(), record.value(), record.headers()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                if (eos) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                }
                else {
                    consumer.commitAsync(offsets, null);
                }
            }
        }
        catch (WakeupException stopping) {
            // the shutdown hook woke the consumer up
        }
    }
}
