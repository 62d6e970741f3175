package io.tagpulse.counter.support;

import java.nio.file.Path;
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
