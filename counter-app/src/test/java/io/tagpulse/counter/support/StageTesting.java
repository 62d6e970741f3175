package io.tagpulse.counter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** What the stage tests share: the driver's configuration and the stores of a processor under test. */
public final class StageTesting {

    private StageTesting() {
    }

    /** @return the configuration of a {@code TopologyTestDriver} keeping its state in {@code stateDir} */
    public static Properties config(String applicationId, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return config;
    }

    /**
     * @return a fresh directory for a driver's state on a RAM file system when the machine has one ({@code /dev/shm}),
     *         else under {@code fallback}: the driver commits after every record, and each commit syncs the
     *         stores' checkpoints and flushes RocksDB, which on a disk costs milliseconds a record (the app commits
     *         every few hundred milliseconds instead)
     */
    public static Path fastStateDir(Path fallback) {
        Path shm = Path.of("/dev/shm");
        try {
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "tagpulse-test-")
                    : fallback;
        }
        catch (IOException ex) {
            return fallback;
        }
    }

    /** Deletes a directory {@link #fastStateDir} made (a fallback under {@code @TempDir} is JUnit's to delete). */
    public static void deleteFastStateDir(Path dir) {
        if (dir.startsWith("/dev/shm")) {
            deleteDirectory(dir);
        }
    }

    /** Deletes a directory and everything in it. */
    static void deleteDirectory(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return an empty in-memory store named {@code name}, added to {@code context} as a task's store would be */
    public static <K, V> KeyValueStore<K, V> addStore(MockProcessorContext<?, ?> context, String name, Serde<K> keys,
            Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
            .withLoggingDisabled()
            .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
