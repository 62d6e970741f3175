package io.tagpulse.counter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.HashtagCountTopology;
import io.tagpulse.counter.HashtagsTopicSerde;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.trend.TrendSettings;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Benchmark, not a test (CI does not run it): the per-mention price of the trend stage, as mentions per second
 * through the counter's whole topology on {@code TopologyTestDriver}, with the trend stage as configured by default
 * (three scopes, related tags) and with it idle ({@code scopes} empty, {@code related-size} 0: the stage sees every
 * record but keeps nothing). The driver commits after every record, so absolute figures are far below the app's;
 * the difference between the two is the stage's cost. Input: Zipf over 1,000 tags, 3 languages, 2 platforms, 2,000
 * authors, 0–2 co-tags, 50 mentions per second of event time, a watermark after every second. Median of 3 runs each.
 * <p>
 * Run: {@code java -Xmx512m -cp counter-app/target/test-classes:counter-app/target/classes:$(cat
 * counter-app/target/test-classpath.txt) io.tagpulse.counter.bench.TrendStageCost [mentions]}.
 */
public final class TrendStageCost {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TrendStageCost() {
    }

    public static void main(String[] args) throws Exception {
        int mentions = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        List<TestRecord<String, String>> input = corpus(mentions);
        TrendSettings on = TrendSettings.defaults();
        TrendSettings off = new TrendSettings(on.rules(), on.refresh(), Set.of(), TagBlockList.empty(), 0);
        run(input, on); // warm-up of the JIT
        double[] withTrends = new double[3];
        double[] without = new double[3];
        for (int i = 0; i < 3; i++) {
            without[i] = mentions / run(input, off);
            withTrends[i] = mentions / run(input, on);
        }
        Arrays.sort(withTrends);
        Arrays.sort(without);
        System.out.printf("mentions/s, median of 3: without trends %.0f %s, with trends %.0f %s; ratio %.2f%n",
                without[1], Arrays.toString(without), withTrends[1], Arrays.toString(withTrends),
                withTrends[1] / without[1]);
        System.out.printf("per mention: %.1f µs without, %.1f µs with: the stage costs %.1f µs%n", 1e6 / without[1],
                1e6 / withTrends[1], 1e6 / withTrends[1] - 1e6 / without[1]);
    }

    /** @return seconds to push the corpus through */
    private static double run(List<TestRecord<String, String>> input, TrendSettings trend) throws Exception {
        CounterSettings settings = CounterSettings.defaults().withTrend(trend);
        StreamsBuilder builder = new StreamsBuilder();
        HashtagCountTopology.CounterStreams streams = HashtagCountTopology.build(
                builder.stream("hashtags", Consumed.with(Serdes.String(), new HashtagsTopicSerde())
                    .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())),
                builder.globalTable("moderation", Consumed.with(Serdes.String(), new ModerationDecisionSerde()),
                        Materialized.as("trend-moderation")),
                settings);
        streams.counts().to("counts", Produced.with(Serdes.String(), new HashtagCountSerde()));
        streams.late().to("late", Produced.with(Serdes.String(), new LateMentionSerde()));
        streams.trends().to("trends", Produced.with(Serdes.String(), new TrendUpdateSerde()));
        Path fallback = Files.createTempDirectory("trend-cost");
        Path stateDir = StageTesting.fastStateDir(fallback);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(),
                StageTesting.config("trend-cost", stateDir))) {
            TestInputTopic<String, String> topic = driver.createInputTopic("hashtags", new StringSerializer(),
                    new StringSerializer());
            long start = System.nanoTime();
            topic.pipeRecordList(input);
            return (System.nanoTime() - start) / 1e9;
        }
        finally {
            StageTesting.deleteFastStateDir(stateDir);
        }
    }

    private static List<TestRecord<String, String>> corpus(int mentions) {
        Random random = new Random(20);
        double[] tags = zipf(1_000);
        double[] authors = zipf(2_000);
        List<String> languages = List.of("en", "pt-BR", "ja");
        List<String> platforms = List.of("mastodon", "bluesky");
        List<TestRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < mentions; i++) {
            long t = i * 20L;
            String tag = "tag" + sample(tags, random);
            List<String> coTags = new ArrayList<>();
            for (int c = random.nextInt(3); c > 0; c--) {
                coTags.add("tag" + sample(tags, random));
            }
            Instant eventTime = T0.plusMillis(t);
            records.add(new TestRecord<>(tag, TagpulseJson.writeString(new HashtagMention(tag, tag, "p" + i,
                    platforms.get(random.nextInt(2)), languages.get(random.nextInt(3)), eventTime,
                    "user" + sample(authors, random), coTags)), eventTime));
            if (t % 1_000 == 980) {
                records.add(new TestRecord<>(null, TagpulseJson.writeString(new Watermark(1, Map.of(0,
                        eventTime.toEpochMilli()), Set.of())), new RecordHeaders().add(Watermark.HEADER,
                                new byte[] { '1' }), eventTime));
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
