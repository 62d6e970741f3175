package io.tagpulse.counter.trend.groundtruth;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.HashtagCountTopology;
import io.tagpulse.counter.HashtagsTopicSerde;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.trend.TrendRules;
import io.tagpulse.counter.trend.TrendStageProcessor;
import io.tagpulse.counter.window.LateRule;
import io.tagpulse.counter.window.WatermarkClockProcessor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trend detector against a ground truth, beside the published detectors. Three hours of event time of a
 * {@linkplain GroundTruthTraffic Zipf firehose} (1,000 tags, 3 languages, 2 platforms, 20,000 authors, 30 posts a
 * second: about 45 mentions a second, ~490,000 in all) go through the counter's watermark clock and trend stage on
 * {@code TopologyTestDriver}, wired as {@link HashtagCountTopology#build} wires them, with the production defaults,
 * as the processor writes the hashtags topic: mentions, and after every second of them the watermark of that
 * second. Planted in it from minute 62 on: surges of three tags each at 3x, 5x and 10x their rate carried by 40
 * authors, a new tag by 50 authors, one account's 500-post flood, the head tag rising by 30 % over an hour, and a 4x
 * burst of a tag in Japanese only. At every refresh (10 s) from minute 20 the top 10 of every scope is sampled,
 * ranked as the dashboard ranks live trends (score, then mentions, then tag); Mastodon's detector ({@link MastodonTrends}) and
 * Gnip's Poisson model ({@link GnipPoissonTrends}) see the same mentions and are sampled at the same moments, over the
 * same period (the short horizon), with their published parameters and made as strict as a 1 % false-positive rate
 * demands. {@link GroundTruthScore} scores them all; the table is printed.
 * <p>
 * Why these figures: the driver commits after every record; on in-memory stores a mention costs ~0.2 ms, so 30 posts
 * a second for 3 hours runs in about 2 minutes. The planted tags are the least-used ones whose surge of that size is
 * significant (5 σ) within its deadline with a margin for chance, at this rate: ranks 16–24 (15–23 mentions a
 * minute) for 5x within 60 s, 25–35 (10–14) for 3x within 3 min, 40–60 (6–9) for 10x within 60 s. A 5x surge of a tag
 * used 8 times a minute reaches 5 σ after 45 s on average and after 70 s one time in six (seen with ranks 30–54: no
 * detector here made all of them in time); one of a tag used once a minute is a handful of mentions, which no test
 * of counts can tell from chance within a minute.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES) // ~2 min alone on 2 cores; 7 min was seen with other builds running
class TrendGroundTruthTests {

    static final long SEED = 17;

    static final double POSTS_PER_SECOND = 30;

    static final long MINUTE = PlantedEvent.MINUTE;

    static final long DURATION = 180 * MINUTE;

    static final long SAMPLES_FROM = 20 * MINUTE;

    static final long REFRESH = 10_000;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static final List<String> SCOPES = List.of("global", "language:en", "language:es", "language:ja",
            "platform:mastodon", "platform:bluesky");

    static final String IN = "hashtags";

    static final String TRENDS = "trends";

    @TempDir
    Path tempDir;

    private Path stateDir;

    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
            StageTesting.deleteFastStateDir(stateDir);
        }
    }

    static List<PlantedEvent> schedule() {
        double pps = POSTS_PER_SECOND;
        long three = 3 * MINUTE;
        long one = MINUTE;
        return List.of(
                PlantedEvent.surge(pps, 25, 3, 62 * MINUTE, 15 * MINUTE, three, 40),
                PlantedEvent.flood("buynowflood", 500, 64 * MINUTE, 10 * MINUTE),
                PlantedEvent.surge(pps, 16, 5, 70 * MINUTE, 10 * MINUTE, one, 40),
                PlantedEvent.surge(pps, 40, 10, 80 * MINUTE, 8 * MINUTE, one, 40),
                PlantedEvent.newTag("brandnewtag", 20, 88 * MINUTE, 10 * MINUTE, one, 50),
                PlantedEvent.slowRise(pps, 0.3, 95 * MINUTE, 60 * MINUTE, 80 * MINUTE),
                PlantedEvent.surge(pps, 30, 3, 100 * MINUTE, 15 * MINUTE, three, 40),
                PlantedEvent.surge(pps, 20, 5, 110 * MINUTE, 10 * MINUTE, one, 40),
                PlantedEvent.surge(pps, 50, 10, 120 * MINUTE, 8 * MINUTE, one, 40),
                PlantedEvent.languageBurst(pps, 10, 4, "ja", 0.15, 128 * MINUTE, 10 * MINUTE, three, 40),
                PlantedEvent.surge(pps, 35, 3, 140 * MINUTE, 15 * MINUTE, three, 40),
                PlantedEvent.surge(pps, 24, 5, 150 * MINUTE, 10 * MINUTE, one, 40),
                PlantedEvent.surge(pps, 60, 10, 160 * MINUTE, 8 * MINUTE, one, 40));
    }

    @Test
    void shouldFindEveryPlantedTrendInTimeAndNothingElseBetterThanMastodonAndGnip() {
        CounterSettings settings = CounterSettings.defaults();
        TrendRules rules = settings.trend().rules();
        List<PlantedEvent> planted = schedule();
        GroundTruthTraffic traffic = new GroundTruthTraffic(SEED, POSTS_PER_SECOND, planted);

        start(settings);
        TestInputTopic<String, String> input = driver.createInputTopic(IN, new StringSerializer(),
                new StringSerializer());
        TestOutputTopic<String, TrendUpdate> trends = driver.createOutputTopic(TRENDS, new StringDeserializer(),
                new TrendUpdateSerde().deserializer());

        long period = rules.shortHorizon().toMillis();
        PeriodUses uses = new PeriodUses(period);
        MastodonTrends mastodon = new MastodonTrends(period);
        GnipPoissonTrends gnip = new GnipPoissonTrends();
        TopTenSamples ours = new TopTenSamples("tagpulse", SCOPES);
        TopTenSamples mastodonTop = new TopTenSamples("Mastodon", SCOPES);
        TopTenSamples gnipTop = new TopTenSamples("Gnip Poisson", SCOPES);

        long mentions = 0;
        long started = System.nanoTime();
        for (long second = 0; second * 1_000 < DURATION; second++) {
            for (GroundTruthTraffic.Post post : traffic.second(second)) {
                for (String tag : post.tags()) {
                    List<String> coTags = post.tags().stream().filter(t -> !t.equals(tag)).toList();
                    Instant eventTime = T0.plusMillis(post.eventTime());
                    input.pipeInput(tag, TagpulseJson.writeString(new HashtagMention(tag, tag,
                            "p" + post.eventTime() + post.author(), post.platform(), post.language(), eventTime,
                            post.author(), coTags)), eventTime);
                    for (String scope : List.of("global", "language:" + post.language(),
                            "platform:" + post.platform())) {
                        uses.add(scope, tag, post.author(), post.eventTime());
                    }
                    mentions++;
                }
            }
            long t = (second + 1) * 1_000;
            input.pipeInput(new TestRecord<>(null,
                    TagpulseJson.writeString(new Watermark(1, Map.of(0, T0.toEpochMilli() + t), Set.of())),
                    new RecordHeaders().add(Watermark.HEADER, new byte[] { '1' }), T0.plusMillis(t)));
            if (t % REFRESH == 0) {
                Map<String, List<TopTenSamples.Ranked>> live = new HashMap<>();
                for (TrendUpdate update : trends.readValuesToList()) {
                    assertThat(update.asOf()).as("judged at the refresh, on the close time").isEqualTo(T0.plusMillis(t));
                    if (!TrendUpdate.ENDED.equals(update.status())) {
                        live.computeIfAbsent(update.scope(), s -> new ArrayList<>())
                            .add(new TopTenSamples.Ranked(update.tag(), update.score(), update.mentions()));
                    }
                }
                if (t >= SAMPLES_FROM) {
                    ours.sample(t, live);
                    sampleBaselines(t, uses, mastodon, gnip, mastodonTop, gnipTop);
                }
            }
            if (t % (30 * MINUTE) == 0) {
                System.out.printf("ground truth: %d min of event time, %d mentions, %.0f s%n", t / MINUTE, mentions,
                        (System.nanoTime() - started) / 1e9);
            }
        }

        GroundTruthScore score = new GroundTruthScore(ours, planted);
        List<GroundTruthScore> published = List.of(new GroundTruthScore(mastodonTop, planted),
                new GroundTruthScore(gnipTop, planted));
        List<GroundTruthScore> calibrated = List.of(
                calibrated(mastodonTop, planted, "Mastodon, decayed score", MastodonTrends.DECAY_THRESHOLD, 2),
                calibrated(gnipTop, planted, "Gnip, θ", GnipPoissonTrends.THETA, 1.25));
        List<GroundTruthScore> scores = new ArrayList<>(List.of(score));
        scores.addAll(published);
        scores.addAll(calibrated);
        System.out.printf("%nGround truth: %d mentions, %.0f posts/s, %d min of event time, seed %d, %.0f s%n%n%s%n",
                mentions, POSTS_PER_SECOND, DURATION / MINUTE, SEED, (System.nanoTime() - started) / 1e9,
                GroundTruthScore.table(scores));
        scores.forEach(s -> System.out.printf("%s false positives (scope|tag: samples): %s%n", s.detector,
                s.falseTags.size() > 40 ? s.falseTags.size() + " scope-tags" : s.falseTags));

        for (GroundTruthScore.EventResult result : score.events) {
            PlantedEvent event = result.event();
            if (event.mustTrend()) {
                assertThat(result.detected()).as("%s in the top 10 of %s within %d s", event.name(), event.scope(),
                        event.deadline() / 1_000).isTrue();
                assertThat(result.entries()).as("%s entered the list once", event.name()).isEqualTo(1);
                assertThat(result.exits()).as("%s left the list at most once", event.name()).isLessThanOrEqualTo(1);
            }
            assertThat(result.wrongSamples()).as("%s never where it must not be", event.name()).isZero();
        }
        assertThat(score.recall()).as("true-positive rate").isGreaterThanOrEqualTo(0.99);
        assertThat(score.falsePositiveRate()).as("false-positive rate").isLessThanOrEqualTo(0.01);
        for (GroundTruthScore baseline : published) {
            assertThat(score.recall()).as("recall against " + baseline.detector)
                .isGreaterThanOrEqualTo(baseline.recall());
            assertThat(score.falsePositiveRate()).as("false-positive rate against " + baseline.detector)
                .isLessThan(baseline.falsePositiveRate());
        }
        for (GroundTruthScore baseline : calibrated) {
            assertThat(score.recall()).as("recall against " + baseline.detector)
                .isGreaterThanOrEqualTo(baseline.recall());
            assertThat(score.meanDelaySeconds()).as("mean detection delay against " + baseline.detector)
                .isLessThanOrEqualTo(baseline.meanDelaySeconds());
        }
    }

    /**
     * A baseline made as strict as the false-positive budget demands: the lowest of the thresholds {@code from},
     * {@code from·step}, {@code from·step²}, … (16 of them) at which at most 1 % of its samples hold a false
     * positive, or the highest. Detection delays only compare at like false-positive rates: a detector that lists
     * everything lists every surge at once.
     */
    private static GroundTruthScore calibrated(TopTenSamples samples, List<PlantedEvent> planted, String threshold,
            double from, double step) {
        GroundTruthScore score = null;
        double at = from;
        for (int i = 0; i < 16; i++, at *= step) {
            score = new GroundTruthScore(samples.atLeast(at, String.format("%s ≥ %.3g", threshold, at)), planted);
            if (score.falsePositiveRate() <= 0.01) {
                break;
            }
        }
        return score;
    }

    private static void sampleBaselines(long t, PeriodUses uses, MastodonTrends mastodon, GnipPoissonTrends gnip,
            TopTenSamples mastodonTop, TopTenSamples gnipTop) {
        Map<String, List<TopTenSamples.Ranked>> byMastodon = new HashMap<>();
        Map<String, List<TopTenSamples.Ranked>> byGnip = new HashMap<>();
        uses.at(t, u -> {
            double decayed = mastodon.score(u, t);
            if (MastodonTrends.trends(decayed)) {
                byMastodon.computeIfAbsent(u.scope(), s -> new ArrayList<>())
                    .add(new TopTenSamples.Ranked(u.tag(), decayed, u.mentions()));
            }
            double eta = gnip.eta(u);
            if (GnipPoissonTrends.trends(eta)) {
                byGnip.computeIfAbsent(u.scope(), s -> new ArrayList<>()).add(new TopTenSamples.Ranked(u.tag(), eta, u.mentions()));
            }
        });
        mastodonTop.sample(t, byMastodon);
        gnipTop.sample(t, byGnip);
    }

    /**
     * The counter's clock and trend stage wired as {@link HashtagCountTopology#build} wires them (hashtags →
     * watermark-clock → trend-stage → trends), each with its production processor, on in-memory stores of the same
     * names and serdes without changelogs: the driver commits after every record, and flushing RocksDB every time
     * costs more than the stages themselves (~3 ms a mention on a busy machine). The window counting, which the trend
     * stage reads nothing of, is left out.
     */
    private void start(CounterSettings settings) {
        stateDir = StageTesting.fastStateDir(tempDir);
        LateRule rule = new LateRule(settings.grace().toMillis(), settings.maxDelay().toMillis());
        var clock = WatermarkClockProcessor.supplier(rule);
        var stage = TrendStageProcessor.supplier(settings.trend(), "trend-moderation");
        Set<StoreBuilder<?>> clockStores = Set.of(inMemory(WatermarkClockProcessor.STORE, Serdes.Long()));
        Set<StoreBuilder<?>> stageStores = Set.of(inMemory(TrendStageProcessor.ACTIVITY_STORE, Serdes.ByteArray()),
                inMemory(TrendStageProcessor.RELATED_STORE, Serdes.ByteArray()),
                inMemory(TrendStageProcessor.WATCH_STORE, new JsonSerde<>(TrendStageProcessor.Watch.class)),
                inMemory(TrendStageProcessor.CLOCK_STORE, Serdes.String()));
        assertThat(names(clockStores)).as("the clock's stores").isEqualTo(names(clock.stores()));
        assertThat(names(stageStores)).as("the trend stage's stores").isEqualTo(names(stage.stores()));

        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable("moderation", Consumed.with(Serdes.String(), new ModerationDecisionSerde()),
                Materialized.as("trend-moderation"));
        builder.stream(IN, Consumed.with(Serdes.String(), new HashtagsTopicSerde()))
            .process(withStores(clock, clockStores), Named.as("watermark-clock"))
            .process(withStores(stage, stageStores), Named.as("trend-stage"))
            .to(TRENDS, Produced.with(Serdes.String(), new TrendUpdateSerde()));
        driver = new TopologyTestDriver(builder.build(), StageTesting.config("ground-truth", stateDir));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> inMemory(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withCachingEnabled()
            .withLoggingDisabled();
    }

    private static Set<String> names(Set<StoreBuilder<?>> stores) {
        return stores.stream().map(StoreBuilder::name).collect(Collectors.toSet());
    }

    /** @return {@code real}'s processors with {@code stores} instead of its own */
    private static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> withStores(ProcessorSupplier<KI, VI, KO, VO> real,
            Set<StoreBuilder<?>> stores) {
        return new ProcessorSupplier<>() {

            @Override
            public Processor<KI, VI, KO, VO> get() {
                return real.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
