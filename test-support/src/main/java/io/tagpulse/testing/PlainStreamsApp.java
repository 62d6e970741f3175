package io.tagpulse.testing;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The run of a benchmark's plain Kafka Streams reference (no Spring): its topology with exactly_once_v2, until the
 * JVM is asked to stop (SIGTERM from the harness), then a clean close. Who uses it brings Kafka Streams along (an
 * optional dependency here).
 */
public final class PlainStreamsApp {

    private PlainStreamsApp() {
    }

    /**
     * Runs the topology until the JVM stops.
     *
     * @param stateDir where the state stores live
     * @param commitIntervalMillis how often the application commits (a transaction each time)
     */
    public static void runUntilStopped(Topology topology, String bootstrapServers, String applicationId,
            String stateDir, int commitIntervalMillis) throws InterruptedException {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMillis);
        KafkaStreams streams = new KafkaStreams(topology, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(10));
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }
}
