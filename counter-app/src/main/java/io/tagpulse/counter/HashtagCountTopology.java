package io.tagpulse.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.TrendingTags;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The counting topology, in one place: what is computed (counts per tag per window, trend scores, the top K), where
 * in event time (tumbling velocity windows and optional hopping windows, with grace), when it is emitted
 * ({@link EmitMode}, and the quiet-partition bound), and how refinements relate (a later count of a window replaces
 * the earlier one; a later ranking of a window replaces the earlier one).
 * <p>
 * Sub-topology 1 reads the mentions, keyed by tag, and counts them in {@link WindowCountProcessor} with no
 * repartitioning: N instances split the input partitions and each tag's windows live in exactly one task, so the
 * counts are the same as with one instance. Sub-topology 2 merges the per-partition rankings in a single task
 * ({@link TrendRankingProcessor}), reached through the one-partition repartition topic
 * {@code <application.id>-trend-partials-repartition}.
 */
public final class HashtagCountTopology {

    /**
     * Name of the store of the open tumbling windows' tallies; its changelog topic is
     * {@code <application.id>-window-tallies-changelog}.
     */
    public static final String STORE = "window-tallies";

    /** Name of the store of the open hopping windows' tallies. */
    public static final String HOPPING_STORE = "window-tallies-hopping";

    private HashtagCountTopology() {
    }

    /**
     * The three output streams.
     *
     * @param counts running or final counts per tag and window, keyed by tag (both window families)
     * @param late mentions that missed a closed window, keyed by tag
     * @param trending the global top K of each closed velocity window, keyed by window start
     */
    public record CounterStreams(KStream<String, HashtagCount> counts, KStream<String, LateMention> late,
            KStream<String, TrendingTags> trending) {
    }

    /**
     * Builds the topology on the hashtags topic: the mentions, keyed by their normalized tag, with their posts'
     * arrival times as record timestamps, and the processor's watermarks between them. A mention with a {@code null}
     * key is dropped.
     */
    public static CounterStreams build(KStream<String, HashtagsTopicRecord> mentions, CounterSettings settings) {
        return build(mentions, settings, WindowCountProcessor.MAX_OPEN_TALLIES);
    }

    /** As {@link #build(KStream, CounterSettings)}, keeping at most {@code maxOpenTallies} per task and family. */
    static CounterStreams build(KStream<String, HashtagsTopicRecord> mentions, CounterSettings settings,
            int maxOpenTallies) {
        KStream<String, Object> out = mentions.process(new CountSupplier(settings, maxOpenTallies),
                Named.as("count-windows"));
        KStream<String, HashtagCount> counts = out.filter((key, value) -> value instanceof HashtagCount,
                Named.as("counts"))
            .mapValues(value -> (HashtagCount) value, Named.as("as-counts"));
        KStream<String, LateMention> late = out.filter((key, value) -> value instanceof LateMention, Named.as("late"))
            .mapValues(value -> (LateMention) value, Named.as("as-late"));
        KStream<String, TrendingTags> trending = out
            .filter((key, value) -> value instanceof PartialRanking, Named.as("partial-rankings"))
            .mapValues(value -> (PartialRanking) value, Named.as("as-partial-rankings"))
            // Phase two needs every partition's partial ranking in one place: one partition.
            .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(PartialRanking.class))
                .withName("trend-partials")
                .withNumberOfPartitions(1))
            .process(new RankSupplier(settings), Named.as("rank-trends"));
        return new CounterStreams(counts, late, trending);
    }

    /** The window families counted: the tumbling velocity windows, then the hopping ones if configured. */
    static List<WindowCountProcessor.WindowFamily> families(CounterSettings settings, int maxOpenTallies) {
        boolean throttled = settings.emitMode() == EmitMode.UPDATES && !settings.emitInterval().isZero();
        List<WindowCountProcessor.WindowFamily> families = new ArrayList<>();
        long size = settings.windowSize().toMillis();
        families.add(new WindowCountProcessor.WindowFamily(STORE, size, size, true, throttled, maxOpenTallies));
        if (settings.hasHopping()) {
            families.add(new WindowCountProcessor.WindowFamily(HOPPING_STORE, settings.hopSize().toMillis(),
                    settings.hopAdvance().toMillis(), false, throttled, maxOpenTallies));
        }
        return families;
    }

    private record CountSupplier(CounterSettings settings, int maxOpenTallies)
            implements ProcessorSupplier<String, HashtagsTopicRecord, String, Object> {

        @Override
        public Processor<String, HashtagsTopicRecord, String, Object> get() {
            return new WindowCountProcessor(settings, families(settings, maxOpenTallies));
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            Set<StoreBuilder<?>> stores = new java.util.LinkedHashSet<>();
            for (WindowCountProcessor.WindowFamily family : families(settings, maxOpenTallies)) {
                // A key-value store, not a window store: a window store drops windows by how far the newest event
                // time is past them, but a window stays open, however far behind, until the watermarks close it,
                // and is deleted then. What the store holds is exactly the open windows.
                stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(family.store), Serdes.String(),
                        new WindowTallySerde()).withCachingEnabled());
            }
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowCountProcessor.CLOCK_STORE),
                    Serdes.String(), Serdes.Long()).withCachingEnabled());
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowCountProcessor.BASELINE_STORE),
                    Serdes.String(), Serdes.String()).withCachingEnabled());
            return stores;
        }
    }

    private record RankSupplier(CounterSettings settings)
            implements ProcessorSupplier<String, PartialRanking, String, TrendingTags> {

        @Override
        public Processor<String, PartialRanking, String, TrendingTags> get() {
            return new TrendRankingProcessor(settings.trendTopK(), settings.trendRetainedWindows());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TrendRankingProcessor.STORE),
                    Serdes.Long(), new JsonSerde<>(TrendRankingProcessor.Partials.class)));
        }
    }
}
