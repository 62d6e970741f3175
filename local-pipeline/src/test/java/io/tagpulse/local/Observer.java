package io.tagpulse.local;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How the tests look into a topic: a consumer in no group (it assigns partitions itself and commits nothing) that
 * reads committed records only, from the beginning, and never creates the topic it asks about (the apps provision
 * their topics; a test that created one would hide a missing one).
 */
final class Observer {

    private Observer() {
    }

    /** @return a new observing consumer of raw keys and values; the caller closes it */
    static KafkaConsumer<byte[], byte[]> open(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
