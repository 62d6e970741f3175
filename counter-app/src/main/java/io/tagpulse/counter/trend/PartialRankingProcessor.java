package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.TagTrend;
import io.tagpulse.counter.window.ClosedWindow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Phase one of the trending (Storm's intermediate ranking), per task: scores each tag of a closed velocity window
 * against its baseline ({@link TrendScore}), updates the baselines, and sends on this partition's top K of the
 * window as a {@link PartialRanking}, keyed by the window start. Tags are partitioned by key, so the top K of the
 * partitions' top K is the global top K.
 * <p>
 * Processor API: each tag's baseline is state of the task, kept in the store {@value #STORE} and read and
 * updated window after window, and a window is ranked as a whole; no DSL aggregation keys by both.
 */
public final class PartialRankingProcessor implements FixedKeyProcessor<String, ClosedWindow, PartialRanking> {

    /** Name of the store of each tag's trend baseline ({@link TrendBaseline}), by tag. */
    public static final String STORE = "trend-baselines";

    /** How often, in windows, the baselines of vanished tags are pruned. */
    static final long PRUNE_EVERY_WINDOWS = 600;

    /** A baseline below this fraction of the smoothing pseudo-count is forgotten. */
    static final double NEGLIGIBLE_BASELINE = 1e-9;

    private final TrendSettings settings;

    private FixedKeyProcessorContext<String, PartialRanking> context;

    private KeyValueStore<String, String> baselines;

    private PartialRankingProcessor(TrendSettings settings) {
        this.settings = settings;
    }

    /** @return the stage, with its store of baselines */
    static FixedKeyProcessorSupplier<String, ClosedWindow, PartialRanking> supplier(TrendSettings settings) {
        return new FixedKeyProcessorSupplier<>() {

            @Override
            public FixedKeyProcessor<String, ClosedWindow, PartialRanking> get() {
                return new PartialRankingProcessor(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Serdes.String()).withCachingEnabled());
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PartialRanking> context) {
        this.context = context;
        this.baselines = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, ClosedWindow> record) {
        ClosedWindow window = record.value();
        long size = window.end() - window.start();
        double weight = settings.baselineWeight();
        List<TagTrend> trends = new ArrayList<>(window.tallies().size());
        window.tallies().forEach((tag, tally) -> {
            long count = tally.count();
            String stored = baselines.get(tag);
            double baseline = stored == null ? 0 : TrendBaseline.parse(stored).before(window.start(), size, weight);
            trends.add(new TagTrend(tag, count, baseline, TrendScore.score(count, baseline, settings.smoothing())));
            baselines.put(tag, new TrendBaseline(TrendScore.updated(baseline, count, weight), window.start())
                .toString());
        });
        PartialRanking partial = new PartialRanking(window.start(), window.end(), context.taskId().partition(),
                TrendScore.top(trends, settings.topK()));
        context.forward(record.withValue(partial).withTimestamp(window.end() - 1));
        if ((window.start() / size) % PRUNE_EVERY_WINDOWS == 0) {
            pruneBaselines(window.start(), size);
        }
    }

    /**
     * Forgets the baselines of tags that vanished: once a baseline has decayed below a billionth of the smoothing
     * pseudo-count, it no longer changes any score measurably, and keeping it would grow the store with every tag
     * ever seen. Runs on a fixed grid of windows, so a restarted task prunes at the same points.
     */
    private void pruneBaselines(long start, long size) {
        List<String> vanished = new ArrayList<>();
        double negligible = settings.smoothing() * NEGLIGIBLE_BASELINE;
        try (KeyValueIterator<String, String> all = baselines.all()) {
            all.forEachRemaining(entry -> {
                // As it would be before the next window.
                if (TrendBaseline.parse(entry.value).before(start + size, size, settings.baselineWeight())
                        < negligible) {
                    vanished.add(entry.key);
                }
            });
        }
        vanished.forEach(baselines::delete);
    }
}
