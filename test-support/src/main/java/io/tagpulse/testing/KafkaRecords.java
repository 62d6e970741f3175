package io.tagpulse.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a test reads back from Kafka: the records an app committed to a topic, and their headers as text. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /**
     * @param bootstrapServers the broker
     * @param topic the topic to read from its start
     * @param values how its values are read
     * @return a consumer, in a group of its own, subscribed to it, that sees only committed records
     *     (the apps write in transactions: only what they committed counts)
     */
    public static <V> KafkaConsumer<String, V> committedConsumer(String bootstrapServers, String topic,
            Deserializer<V> values) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * @return the last value of header {@code name} on the record, as UTF-8 text
     * @throws AssertionError naming the header when the record has none
     */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new AssertionError("expected header " + name + " on the record at offset " + record.offset()
                    + " of " + record.topic() + ", but it has " + record.headers());
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
