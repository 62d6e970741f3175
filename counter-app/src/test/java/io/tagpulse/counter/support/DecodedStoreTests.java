package io.tagpulse.counter.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-behind store on an in-memory store of bytes: what reaches the store beneath, and when. What is beneath
 * is what the changelog of a commit holds, so after a crash (the store closed without a flush) exactly what was
 * flushed is read back.
 */
class DecodedStoreTests {

    private MockProcessorContext<String, String> context;

    private DecodedStore<StringBuilder> store;

    /** The store beneath: what a commit writes to the changelog. */
    private KeyValueStore<String, byte[]> beneath;

    private int encoded;

    @BeforeEach
    void open() {
        open(100);
    }

    private void open(int capacity) {
        context = new MockProcessorContext<>();
        store = DecodedStore.<StringBuilder>builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("decoded"), Serdes.String(),
                        Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled(),
                value -> {
                    encoded++;
                    return value.toString().getBytes(StandardCharsets.UTF_8);
                }, (key, bytes) -> new StringBuilder(new String(bytes, StandardCharsets.UTF_8)), capacity)
            .build();
        store.init(context.getStateStoreContext(), store);
        beneath = store.wrapped();
    }

    private Map<String, String> beneath() {
        Map<String, String> values = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = beneath.all()) {
            all.forEachRemaining(entry -> values.put(entry.key, new String(entry.value, StandardCharsets.UTF_8)));
        }
        return values;
    }

    @Test
    void shouldWriteAValueChangedInPlaceAfterAGetEvenWhenItWasEvictedAndWrittenBetweenTheGetAndThePut() {
        open(1);
        store.put("a", new StringBuilder("a"));
        store.flushCache();
        StringBuilder a = store.get("a");
        a.append("1");
        store.put("a", a);
        store.flushCache();
        StringBuilder again = store.get("a");
        store.put("b", new StringBuilder("b")); // evicts a, unchanged since its flush
        again.append("2");
        store.put("a", again); // the value got before the eviction, put back: it must still count as changed
        store.flushCache();

        assertThat(beneath()).containsExactly(Map.entry("a", "a12"), Map.entry("b", "b"));
    }

    @Test
    void shouldWriteEachChangedValueOnceWhenTheCachesAreFlushedBeforeACommit() {
        StringBuilder a = new StringBuilder("a");
        for (int i = 0; i < 1_000; i++) {
            a.append('.');
            store.put("a", a);
        }
        store.put("b", new StringBuilder("b"));

        assertThat(beneath()).as("nothing written before the flush").isEmpty();
        assertThat(store.get("a")).hasToString("a" + ".".repeat(1_000));
        assertThat(store.changed()).isEqualTo(2);

        store.flushCache();

        assertThat(beneath()).containsExactly(Map.entry("a", "a" + ".".repeat(1_000)), Map.entry("b", "b"));
        assertThat(encoded).as("a thousand changes of a, one of b: two encodings").isEqualTo(2);
        assertThat(store.changed()).isZero();

        store.flushCache();
        assertThat(encoded).as("a flush with nothing changed writes nothing").isEqualTo(2);
    }

    @Test
    void shouldWriteExactlyTheValuesChangedSinceTheLastFlush() {
        store.put("a", new StringBuilder("a1"));
        store.put("b", new StringBuilder("b1"));
        store.flushCache();
        encoded = 0;

        store.get("a").append("+"); // read, changed, put back
        store.put("a", store.get("a"));
        store.get("b"); // read only
        store.put("c", new StringBuilder("c1"));
        store.flush(); // as at a checkpoint or a clean close

        assertThat(encoded).isEqualTo(2);
        assertThat(beneath()).containsExactly(Map.entry("a", "a1+"), Map.entry("b", "b1"), Map.entry("c", "c1"));
    }

    @Test
    void shouldReadBackExactlyWhatWasFlushedAfterACrash() {
        store.put("a", new StringBuilder("a1"));
        store.put("b", new StringBuilder("b1"));
        store.flushCache(); // committed
        store.put("a", new StringBuilder("a2")); // not committed: the task crashes before its next commit
        store.put("c", new StringBuilder("c1"));
        store.clearCache(); // what a task dropped without committing does to the caches

        assertThat(beneath()).containsExactly(Map.entry("a", "a1"), Map.entry("b", "b1"));
        assertThat(store.get("a")).as("read again from beneath").hasToString("a1");
        assertThat(store.get("c")).isNull();
        assertThat(store.changed()).isZero();
    }

    @Test
    void shouldStartEmptyAtEveryInitAndReadTheRestoredValuesFromBeneath() {
        store.put("a", new StringBuilder("a1"));
        store.flushCache();
        store.put("a", new StringBuilder("a2"));

        store.init(context.getStateStoreContext(), store); // a revived task: the store beneath is what was restored

        assertThat(store.changed()).isZero();
        assertThat(store.get("a")).hasToString("a1");
    }

    @Test
    void shouldIterateInKeyOrderOverEveryPutAndNoDelete() {
        store.put("b", new StringBuilder("b1"));
        store.put("d", new StringBuilder("d1"));
        store.flushCache();
        store.put("a", new StringBuilder("a1"));
        store.put("b", new StringBuilder("b2"));
        store.put("c", new StringBuilder("c1"));
        store.delete("d");

        List<KeyValue<String, String>> seen = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = store.range("b", null)) {
            range.forEachRemaining(
                    entry -> seen.add(KeyValue.pair(entry.key, new String(entry.value, StandardCharsets.UTF_8))));
        }

        assertThat(seen).containsExactly(KeyValue.pair("b", "b2"), KeyValue.pair("c", "c1"));
    }

    @Test
    void shouldIterateOverTheWrittenValuesLeavingOutTheChangedOnesWithoutWritingThem() {
        store.put("a", new StringBuilder("a1"));
        store.put("b", new StringBuilder("b1"));
        store.put("c", new StringBuilder("c1"));
        store.flushCache();
        store.put("b", new StringBuilder("b2"));
        store.put("d", new StringBuilder("d1"));
        int encodedBefore = encoded;

        List<String> seen = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> written = store.unchangedFrom("b")) {
            written.forEachRemaining(entry -> seen.add(entry.key + "=" + new String(entry.value, StandardCharsets.UTF_8)));
        }

        assertThat(seen).containsExactly("c=c1");
        assertThat(encoded).isEqualTo(encodedBefore);
        assertThat(store.changed()).isEqualTo(2);
        store.flushCache();
        assertThat(beneath()).containsEntry("b", "b2").containsEntry("d", "d1");
    }

    @Test
    void shouldWriteAChangedValueDownWhenItIsEvictedFromTheHeap() {
        open(2);
        store.put("a", new StringBuilder("a1"));
        store.put("b", new StringBuilder("b1"));
        store.get("a"); // b is now the least recently used
        store.put("c", new StringBuilder("c1"));

        assertThat(beneath()).containsExactly(Map.entry("b", "b1"));
        assertThat(store.changed()).isEqualTo(2);
        assertThat(store.get("b")).hasToString("b1");

        store.flushCache();
        assertThat(beneath()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void shouldWriteThroughOverAPlainStoreThatIsNeverFlushed() {
        KeyValueStore<String, byte[]> plain = StageTesting.addStore(context, "plain", Serdes.String(),
                Serdes.ByteArray());
        DecodedStore<StringBuilder> over = DecodedStore.over(plain,
                value -> value.toString().getBytes(StandardCharsets.UTF_8),
                (key, bytes) -> new StringBuilder(new String(bytes, StandardCharsets.UTF_8)), 10);

        over.put("a", new StringBuilder("a1"));

        assertThat(plain.get("a")).asString(StandardCharsets.UTF_8).isEqualTo("a1");
        assertThat(over.changed()).isZero();
        assertThat(DecodedStore.<StringBuilder>over(store, null, null, 10)).isSameAs(store);
    }
}
