package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.counter.support.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Phase two of the trending (Storm's total ranking): all partial rankings of a window meet in one task, which merges
 * them into the global top K and writes it each time a partition's ranking arrives. A partition's ranking replaces
 * its earlier one, so replays are harmless; the ranking of a window is complete once every partition holding tags of
 * that window has closed it. Only the newest {@code retainedWindows} windows are kept.
 * <p>
 * Processor API: a partition's later ranking of a window replaces its earlier one, and windows older than the
 * retained ones are evicted from the store {@value #STORE}; a DSL aggregation can do neither.
 */
public final class TrendRankingProcessor implements Processor<String, PartialRanking, String, TrendingTags> {

    /** Name of the store of the partial rankings by window start. */
    public static final String STORE = "trend-rankings";

    private final int topK;

    private final int retainedWindows;

    private ProcessorContext<String, TrendingTags> context;

    private KeyValueStore<Long, Partials> store;

    TrendRankingProcessor(int topK, int retainedWindows) {
        this.topK = topK;
        this.retainedWindows = retainedWindows;
    }

    /** @return the stage, with its store of the retained windows' partial rankings */
    static ProcessorSupplier<String, PartialRanking, String, TrendingTags> supplier(TrendSettings settings) {
        return new ProcessorSupplier<>() {

            @Override
            public Processor<String, PartialRanking, String, TrendingTags> get() {
                return new TrendRankingProcessor(settings.topK(), settings.retainedWindows());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Long(),
                        new JsonSerde<>(Partials.class)));
            }
        };
    }

    /** The partial rankings of one window, by partition. */
    public record Partials(long windowEnd, Map<Integer, List<TagTrend>> byPartition) {
    }

    @Override
    public void init(ProcessorContext<String, TrendingTags> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, PartialRanking> record) {
        PartialRanking partial = record.value();
        if (partial == null) {
            return;
        }
        long start = partial.windowStart();
        long cutoff = Math.max(start, newestKept()) - (long) retainedWindows * (partial.windowEnd() - start);
        if (start < cutoff) {
            // Older than every window kept: its ranking was already dropped; do not resurrect a partial one.
            return;
        }
        Partials known = store.get(start);
        Map<Integer, List<TagTrend>> byPartition = new TreeMap<>(known == null ? Map.of() : known.byPartition());
        byPartition.put(partial.partition(), partial.tags());
        store.put(start, new Partials(partial.windowEnd(), byPartition));
        evictBefore(cutoff);

        List<TagTrend> all = new ArrayList<>();
        byPartition.values().forEach(all::addAll);
        TrendingTags trending = new TrendingTags(Instant.ofEpochMilli(start), Instant.ofEpochMilli(partial.windowEnd()),
                byPartition.size(), TrendScore.top(all, topK));
        context.forward(new Record<>(trending.windowStart().toString(), trending, record.timestamp()));
    }

    private long newestKept() {
        try (KeyValueIterator<Long, Partials> all = store.reverseAll()) {
            return all.hasNext() ? all.next().key : Long.MIN_VALUE;
        }
    }

    private void evictBefore(long cutoff) {
        if (cutoff <= 0) {
            return;
        }
        List<Long> old = new ArrayList<>();
        try (KeyValueIterator<Long, Partials> range = store.range(0L, cutoff - 1)) {
            range.forEachRemaining((KeyValue<Long, Partials> entry) -> old.add(entry.key));
        }
        old.forEach(store::delete);
    }
}
