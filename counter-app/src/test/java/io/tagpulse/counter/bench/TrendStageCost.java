package io.tagpulse.counter.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.trend.TrendSettings;
import io.tagpulse.counter.trend.TrendStageProcessor;
import io.tagpulse.counter.window.CloseTime;
import io.tagpulse.counter.window.TimedMention;
import io.tagpulse.counter.window.WindowInput;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Benchmark, not a test (CI does not run it): the per-mention CPU price of the trend stage. The stage alone
 * ({@link TrendStageProcessor}) on in-memory stores (no changelog, no commit: what is measured is the stage's own work,
 * reading and writing its state in serialized form as it does in RocksDB), fed the clock's output for a Zipf corpus
 * (1,000 tags, 3 languages, 2 platforms, 2,000 authors, 0–2 co-tags, 50 mentions per second of event time, the close
 * time every second), with the defaults (three scopes, related tags) against the stage idle ({@code scopes} empty,
 * {@code related-size} 0). Median of 3 runs each, after a warm-up run. ({@code TopologyTestDriver} is no measure
 * here: it commits after every record, flushing every store, and that dominates.)
 * <p>
 * Run: {@code java -Xmx512m -cp counter-app/target/test-classes:counter-app/target/classes:$(cat
 * counter-app/target/test-classpath.txt) io.tagpulse.counter.bench.TrendStageCost [mentions]}.
 */
public final class TrendStageCost {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TrendStageCost() {
    }

    public static void main(String[] args) {
        int mentions = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<Record<String, WindowInput>> input = corpus(mentions);
        TrendSettings on = TrendSettings.defaults();
        TrendSettings off = new TrendSettings(on.rules(), on.refresh(), Set.of(), TagBlockList.empty(), 0);
        run(input, on); // warm-up of the JIT
        double[] withTrends = new double[3];
        double[] idle = new double[3];
        for (int i = 0; i < 3; i++) {
            idle[i] = mentions / run(input, off);
            withTrends[i] = mentions / run(input, on);
        }
        Arrays.sort(withTrends);
        Arrays.sort(idle);
        System.out.printf("trend stage alone, mentions/s, median of 3: idle %.0f %s, defaults %.0f %s%n", idle[1],
                Arrays.toString(idle), withTrends[1], Arrays.toString(withTrends));
        System.out.printf("per mention: %.1f µs idle, %.1f µs with the defaults%n", 1e6 / idle[1],
                1e6 / withTrends[1]);
    }

    /** @return seconds to push the corpus through a fresh stage */
    private static double run(List<Record<String, WindowInput>> input, TrendSettings settings) {
        MockProcessorContext<String, TrendUpdate> context = new MockProcessorContext<>();
        StageTesting.addStore(context, TrendStageProcessor.ACTIVITY_STORE, Serdes.String(), Serdes.ByteArray());
        StageTesting.addStore(context, TrendStageProcessor.RELATED_STORE, Serdes.String(), Serdes.ByteArray());
        StageTesting.addStore(context, TrendStageProcessor.WATCH_STORE, Serdes.String(),
                new JsonSerde<>(TrendStageProcessor.Watch.class));
        StageTesting.addStore(context, TrendStageProcessor.CLOCK_STORE, Serdes.String(), Serdes.String());
        Processor<String, WindowInput, String, TrendUpdate> stage = TrendStageProcessor.supplier(settings, null)
            .get();
        stage.init(context);
        long start = System.nanoTime();
        input.forEach(stage::process);
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<Record<String, WindowInput>> corpus(int mentions) {
        Random random = new Random(20);
        double[] tags = zipf(1_000);
        double[] authors = zipf(2_000);
        List<String> languages = List.of("en", "pt-BR", "ja");
        List<String> platforms = List.of("mastodon", "bluesky");
        List<Record<String, WindowInput>> records = new ArrayList<>();
        for (int i = 0; i < mentions; i++) {
            long t = i * 20L;
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
            if (t % 1_000 == 980) {
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
