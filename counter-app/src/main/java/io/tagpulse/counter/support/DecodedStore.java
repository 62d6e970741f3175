package io.tagpulse.counter.support;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A state store of decoded values (a tag's activity, its related tags) in front of a changelogged key-value store of
 * their bytes, written behind: a {@link #put} only marks the value changed, and every changed value is encoded and
 * written to the store beneath once, when Kafka Streams flushes the task's caches before it commits. So a value
 * changed by a thousand mentions between two commits is encoded once, not a thousand times, and it is still in the
 * changelog of the transaction that commits those mentions.
 * <p>
 * <b>Why a store of its own</b> (and not the processor keeping the values): state only in memory when a task commits
 * is lost on a crash, while its input offsets are committed. In Kafka Streams 4.1 the hook before a commit is
 * {@code CachedStateStore.flushCache()}: {@code StreamTask.prepareCommit} calls {@code ProcessorStateManager.flushCache},
 * which calls it on every registered store that is a {@code CachedStateStore} (as the record cache of
 * {@code CachingKeyValueStore} writes its dirty entries down then); {@code StateStore.flush()} is only called when the
 * state is checkpointed, after the commit, and at close. This store is the one registered (the root its inner store
 * registers), a {@link WrappedStateStore} and so a {@code CachedStateStore}; it writes its changed values on both.
 * A processor has no such hook: it cannot know that a commit is coming.
 * <ul>
 * <li><b>Restoration</b>: the inner store restores from the changelog as before (the bytes' format is unchanged);
 * this store starts empty at every {@link #init} and reads values from beneath on demand.</li>
 * <li><b>Reads</b>: {@link #get} sees every put; {@link #range} writes the changed values down first, so an iteration
 * sees them too, in key order; {@link #unchangedFrom} writes nothing and leaves the changed keys out.</li>
 * <li><b>Deletes</b> go through to the store beneath at once (nothing to encode).</li>
 * <li><b>Close and recycle</b> drop what was not written: a clean close has written everything at the commit before
 * it, and after a crash the changelog, not memory, is the truth.</li>
 * </ul>
 * Up to {@code capacity} values are kept decoded, least recently used first to go; a changed one that goes is written
 * down then, as the record cache does when it evicts. A value handed out by {@link #get} is the one kept: whoever
 * changes it must {@link #put} it.
 * <p>
 * Over a plain key-value store of bytes (one not built by {@link #builder}, e.g. in a {@code MockProcessorContext},
 * which never flushes), {@link #over} writes every put through at once instead.
 *
 * @param <V> the decoded values
 */
public final class DecodedStore<V> extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]> {

    private final Function<V, byte[]> encode;

    private final BiFunction<String, byte[], V> decode;

    private final boolean writeThrough;

    /** The decoded values, least recently used first; the changed ones are not yet in the store beneath. */
    private final LinkedHashMap<String, Held<V>> held;

    /** The keys whose values changed since they were last written down. */
    private final Set<String> changedKeys = new HashSet<>();

    private DecodedStore(KeyValueStore<String, byte[]> inner, Function<V, byte[]> encode,
            BiFunction<String, byte[], V> decode, int capacity, boolean writeThrough) {
        super(inner);
        this.encode = encode;
        this.decode = decode;
        this.writeThrough = writeThrough;
        this.held = new LinkedHashMap<>(1_024, 0.75f, true) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held<V>> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                if (eldest.getValue().changed) {
                    write(eldest.getKey(), eldest.getValue());
                    changedKeys.remove(eldest.getKey());
                }
                return true;
            }
        };
    }

    /**
     * @param decode reads a key's value from its bytes
     * @param inner the store of the values' bytes (its name, changelog and caching are the built store's; leave its
     *        caching off, this store coalesces the writes itself)
     * @return a builder of a store that writes behind into the store {@code inner} builds
     */
    public static <V> StoreBuilder<DecodedStore<V>> builder(StoreBuilder<KeyValueStore<String, byte[]>> inner,
            Function<V, byte[]> encode, BiFunction<String, byte[], V> decode, int capacity) {
        return new Builder<>(inner, encode, decode, capacity);
    }

    /**
     * @param store a store of the task: a {@code DecodedStore} a {@link #builder} built, or a plain key-value store of
     *        bytes
     * @return the store itself, or a store over the plain one that writes every put through at once
     */
    @SuppressWarnings("unchecked")
    public static <V> DecodedStore<V> over(StateStore store, Function<V, byte[]> encode,
            BiFunction<String, byte[], V> decode, int capacity) {
        if (store instanceof DecodedStore<?> decoded) {
            return (DecodedStore<V>) decoded;
        }
        return new DecodedStore<>((KeyValueStore<String, byte[]>) store, encode, decode, capacity, true);
    }

    /** @return the value of {@code key}, or {@code null} for none */
    public V get(String key) {
        Held<V> value = held.get(key);
        if (value != null) {
            return value.value;
        }
        byte[] stored = wrapped().get(key);
        if (stored == null) {
            return null;
        }
        V decoded = decode.apply(key, stored);
        held.put(key, new Held<>(decoded, false));
        return decoded;
    }

    /** Sets the value of {@code key}: written to the store beneath by the next flush, or at once over a plain one. */
    public void put(String key, V value) {
        if (!writeThrough) {
            Held<V> current = held.get(key);
            if (current != null && current.value == value) {
                // The value handed out by get, changed in place: most puts are of this kind.
                if (!current.changed) {
                    current.changed = true;
                    changedKeys.add(key);
                }
                return;
            }
        }
        held.put(key, new Held<>(value, !writeThrough));
        if (writeThrough) {
            wrapped().put(key, encode.apply(value));
        }
        else {
            changedKeys.add(key);
        }
    }

    /** Deletes {@code key}, from the store beneath too. */
    public void delete(String key) {
        held.remove(key);
        changedKeys.remove(key);
        wrapped().delete(key);
    }

    /**
     * @param from the least key, inclusive, or {@code null} for the first
     * @param to the greatest key, inclusive, or {@code null} for the last
     * @return the encoded values of the keys in that range, in key order, every put included (the changed values are
     *         written down first); the caller closes it
     */
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        writeChanged();
        return wrapped().range(from, to);
    }

    /**
     * @param from the least key, inclusive, or {@code null} for the first
     * @return the encoded values written down so far from {@code from} on, in key order, leaving out every key changed
     *         since it was last written (whose value here would be stale): what a sweep for idle values reads, as a
     *         changed value is not idle and nothing needs writing down for it; the caller closes it
     */
    public KeyValueIterator<String, byte[]> unchangedFrom(String from) {
        KeyValueIterator<String, byte[]> written = wrapped().range(from, null);
        return new KeyValueIterator<>() {

            private KeyValue<String, byte[]> next = advance();

            private KeyValue<String, byte[]> advance() {
                while (written.hasNext()) {
                    KeyValue<String, byte[]> entry = written.next();
                    if (!changedKeys.contains(entry.key)) {
                        return entry;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<String, byte[]> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<String, byte[]> entry = next;
                next = advance();
                return entry;
            }

            @Override
            public String peekNextKey() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next.key;
            }

            @Override
            public void close() {
                written.close();
            }
        };
    }

    /**
     * Deletes every key from {@code from} to {@code to} (both inclusive), from the store beneath too, without writing
     * any changed value down first (it would be deleted at once).
     *
     * @return the deleted keys' values, in key order: those written down and those changed since alike
     */
    public SortedMap<String, V> removeRange(String from, String to) {
        SortedMap<String, V> removed = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> written = wrapped().range(from, to)) {
            while (written.hasNext()) {
                KeyValue<String, byte[]> entry = written.next();
                Held<V> value = held.get(entry.key);
                removed.put(entry.key, value != null ? value.value : decode.apply(entry.key, entry.value));
            }
        }
        for (String key : changedKeys) {
            if (key.compareTo(from) >= 0 && key.compareTo(to) <= 0) {
                removed.putIfAbsent(key, held.get(key).value);
            }
        }
        removed.keySet().forEach(this::delete);
        return removed;
    }

    /** @return how many changed values wait for the next flush */
    public int changed() {
        return changedKeys.size();
    }

    /** Writes the changed values down, then has the store beneath flush its own cache: called before every commit. */
    @Override
    public void flushCache() {
        writeChanged();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeChanged();
        super.flush();
    }

    @Override
    public void clearCache() {
        forget();
        super.clearCache();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        super.init(context, root);
    }

    @Override
    public void close() {
        forget();
        super.close();
    }

    /** Writes each changed value down, looked up by its key (not by a walk over every value held). */
    private void writeChanged() {
        if (changedKeys.isEmpty()) {
            return;
        }
        for (String key : changedKeys) {
            write(key, held.get(key));
        }
        changedKeys.clear();
    }

    private void write(String key, Held<V> value) {
        wrapped().put(key, encode.apply(value.value));
        value.changed = false;
    }

    private void forget() {
        held.clear();
        changedKeys.clear();
    }

    /** A decoded value, and whether it changed since it was last written down. */
    private static final class Held<V> {

        final V value;

        boolean changed;

        Held(V value, boolean changed) {
            this.value = value;
            this.changed = changed;
        }
    }

    private static final class Builder<V> implements StoreBuilder<DecodedStore<V>> {

        private StoreBuilder<KeyValueStore<String, byte[]>> inner;

        private final Function<V, byte[]> encode;

        private final BiFunction<String, byte[], V> decode;

        private final int capacity;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner, Function<V, byte[]> encode,
                BiFunction<String, byte[], V> decode, int capacity) {
            this.inner = inner;
            this.encode = encode;
            this.decode = decode;
            this.capacity = capacity;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withCachingEnabled() {
            inner = inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withCachingDisabled() {
            inner = inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withLoggingEnabled(Map<String, String> config) {
            inner = inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withLoggingDisabled() {
            inner = inner.withLoggingDisabled();
            return this;
        }

        @Override
        public DecodedStore<V> build() {
            return new DecodedStore<>(inner.build(), encode, decode, capacity, false);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
