package io.tagpulse.counter.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.support.DecodedStore;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.trend.TrendSettings;
import io.tagpulse.counter.trend.TrendStageProcessor;
import io.tagpulse.counter.window.CloseTime;
import io.tagpulse.counter.window.TimedMention;
import io.tagpulse.counter.window.WindowInput;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Benchmark, not a test (CI does not run it): the per-mention CPU price of the trend stage. The stage alone
 * ({@link TrendStageProcessor}) on in-memory stores (no changelog, no commit: what is measured is the stage's own work,
 * reading and writing its state in serialized form as it does in RocksDB), fed the clock's output for a Zipf corpus
 * (1,000 tags, 3 languages, 2 platforms, 2,000 authors, 0–2 co-tags, 50 mentions per second of event time, the close
 * time every second), with the defaults (three scopes, related tags) against the stage idle ({@code scopes} empty,
 * {@code related-size} 0). Two ways of keeping the state, in the same run: as the app does (activities and related
 * tags kept decoded in {@link DecodedStore}s and written once per commit, a commit emulated every
 * {@value #COMMIT_EVERY} mentions, about 250 ms at 25,000 mentions/s), and written through at every mention (each
 * change encoded and put at once, as the stage did before). Median of 3 runs each, after a warm-up run.
 * ({@code TopologyTestDriver} is no measure here: it commits after every record, flushing every store, and that
 * dominates.) Then the state: the bytes of the stores (keys and values, as RocksDB and the changelogs hold them)
 * after the corpus, per 100,000 distinct scope-tags and per 100,000 distinct tags.
 * <p>
 * Run: {@code java -Xmx512m -cp counter-app/target/test-classes:counter-app/target/classes:$(cat
 * counter-app/target/test-classpath.txt) io.tagpulse.counter.bench.TrendStageCost [mentions [per second of event
 * time, 50 by default [tags, Zipf, 1,000 by default]]]}, with {@code -Dbench.stateOnly=true} only the state: at 50
 * a second a refresh (every 10 s of event time) comes every 500 mentions, and its work
 * (judging, sweeping, which writes the changed state down first) weighs far more per mention than at a firehose's
 * rate.
 */
public final class TrendStageCost {

    /** Mentions between two emulated commits. */
    private static final int COMMIT_EVERY = 5_000;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TrendStageCost() {
    }

    public static void main(String[] args) {
        int mentions = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int vocabulary = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        List<Record<String, WindowInput>> input = corpus(mentions, perSecond, vocabulary);
        TrendSettings on = TrendSettings.defaults();
        if (Boolean.getBoolean("bench.stateOnly")) {
            printState(input, on);
            return;
        }
        TrendSettings off = new TrendSettings(on.rules(), on.refresh(), Set.of(), TagBlockList.empty(), 0);
        run(input, on, true); // warm-up of the JIT
        run(input, on, false);
        double[] behind = new double[3];
        double[] through = new double[3];
        double[] idle = new double[3];
        for (int i = 0; i < 3; i++) {
            idle[i] = mentions / run(input, off, true).seconds();
            behind[i] = mentions / run(input, on, true).seconds();
            through[i] = mentions / run(input, on, false).seconds();
        }
        Arrays.sort(behind);
        Arrays.sort(through);
        Arrays.sort(idle);
        System.out.printf("trend stage alone, mentions/s, median of 3: idle %.0f %s, written behind %.0f %s, "
                + "written through %.0f %s%n", idle[1], Arrays.toString(idle), behind[1], Arrays.toString(behind),
                through[1], Arrays.toString(through));
        System.out.printf("per mention: %.1f µs idle, %.1f µs written behind (once per commit), %.1f µs written "
                + "through (at every mention)%n", 1e6 / idle[1], 1e6 / behind[1], 1e6 / through[1]);
        printState(input, on);
    }

    private static void printState(List<Record<String, WindowInput>> input, TrendSettings on) {
        Run last = run(input, on, true);
        System.out.printf("state after %d s of event time: %d scope-tags (%d tags), %d bytes: %.1f MB per 100,000 "
                + "scope-tags, %.1f MB per 100,000 tags%n", input.get(input.size() - 1).timestamp() / 1_000
                        - T0.getEpochSecond(), last.scopeTags(), last.tags(), last.bytes(),
                last.bytes() * 1e5 / last.scopeTags() / 1e6, last.bytes() * 1e5 / last.tags() / 1e6);
    }

    /** What one pass over the corpus took, and the state it left (written down) in the stores. */
    private record Run(double seconds, long scopeTags, long tags, long bytes) {
    }

    /** @return one pass of the corpus through a fresh stage, its stores written behind or through */
    private static Run run(List<Record<String, WindowInput>> input, TrendSettings settings, boolean writeBehind) {
        MockProcessorContext<String, TrendUpdate> context = new MockProcessorContext<>();
        List<StateStore> stores = new ArrayList<>();
        if (writeBehind) {
            for (StoreBuilder<?> builder : TrendStageProcessor.stores(settings, Stores::inMemoryKeyValueStore)) {
                StateStore store = builder.withLoggingDisabled().withCachingDisabled().build(); // as before: no record cache
                store.init(context.getStateStoreContext(), store);
                context.addStateStore(store);
                stores.add(store);
            }
        }
        else {
            stores.add(StageTesting.addStore(context, TrendStageProcessor.ACTIVITY_STORE, Serdes.String(),
                    Serdes.ByteArray()));
            stores.add(StageTesting.addStore(context, TrendStageProcessor.RELATED_STORE, Serdes.String(),
                    Serdes.ByteArray()));
            stores.add(StageTesting.addStore(context, TrendStageProcessor.WATCH_STORE, Serdes.String(),
                    new JsonSerde<>(TrendStageProcessor.Watch.class)));
            stores.add(StageTesting.addStore(context, TrendStageProcessor.CLOCK_STORE, Serdes.String(),
                    Serdes.String()));
        }
        Processor<String, WindowInput, String, TrendUpdate> stage = TrendStageProcessor.supplier(settings, null)
            .get();
        stage.init(context);
        long start = System.nanoTime();
        int sinceCommit = 0;
        for (Record<String, WindowInput> record : input) {
            stage.process(record);
            if (++sinceCommit == COMMIT_EVERY) {
                commit(stores);
                sinceCommit = 0;
            }
        }
        commit(stores);
        double seconds = (System.nanoTime() - start) / 1e9;
        long scopeTags = 0;
        Set<String> tags = new HashSet<>();
        long bytes = 0;
        for (String name : List.of(TrendStageProcessor.ACTIVITY_STORE, TrendStageProcessor.RELATED_STORE)) {
            KeyValueIterator<String, byte[]> entries = writeBehind
                    ? context.<DecodedStore<?>>getStateStore(name).range(null, null)
                    : context.<KeyValueStore<String, byte[]>>getStateStore(name).all();
            try (entries) {
                while (entries.hasNext()) {
                    KeyValue<String, byte[]> entry = entries.next();
                    bytes += entry.key.getBytes(StandardCharsets.UTF_8).length + entry.value.length;
                    if (name.equals(TrendStageProcessor.ACTIVITY_STORE)) {
                        scopeTags++;
                        tags.add(entry.key.substring(entry.key.indexOf('|') + 1));
                    }
                }
            }
        }
        return new Run(seconds, scopeTags, tags.size(), bytes);
    }

    /** What a commit does to the stores: Kafka Streams flushes their caches, then checkpoints them. */
    private static void commit(List<StateStore> stores) {
        for (StateStore store : stores) {
            if (store instanceof DecodedStore<?> decoded) {
                decoded.flushCache();
            }
        }
    }

    private static List<Record<String, WindowInput>> corpus(int mentions, int perSecond, int vocabulary) {
        Random random = new Random(20);
        double[] tags = zipf(vocabulary);
        double[] authors = zipf(2_000);
        List<String> languages = List.of("en", "pt-BR", "ja");
        List<String> platforms = List.of("mastodon", "bluesky");
        List<Record<String, WindowInput>> records = new ArrayList<>();
        for (int i = 0; i < mentions; i++) {
            long t = i * 1_000L / perSecond;
            String tag = "tag" + sample(tags, random);
            List<String> coTags = new ArrayList<>();
            for (int c = random.nextInt(3); c > 0; c--) {
                coTags.add("tag" + sample(tags, random));
            }
            Instant eventTime = T0.plusMillis(t);
            HashtagMention mention = new HashtagMention(tag, tag, "p" + i, platforms.get(random.nextInt(2)),
                    languages.get(random.nextInt(3)), eventTime, "user" + sample(authors, random), coTags);
            records.add(new Record<>(tag, new TimedMention(tag, mention, eventTime.toEpochMilli(),
                    eventTime.toEpochMilli(), eventTime.toEpochMilli() - 1_000), eventTime.toEpochMilli()));
            if ((i + 1) % perSecond == 0) { // the close time every second
                records.add(new Record<>(null, new CloseTime(eventTime.toEpochMilli()), eventTime.toEpochMilli()));
            }
        }
        return records;
    }

    private static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1 / Math.pow(i + 1, 1.1);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= total;
        }
        return cumulative;
    }

    private static int sample(double[] cumulative, Random random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, index < 0 ? -index - 1 : index);
    }
}
