package io.tagpulse.counter.trend;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import io.tagpulse.contracts.DayAuthors;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.ModerationDecisionSerde;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.support.DecodedStore;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.support.ObjectSerde;
import io.tagpulse.counter.support.StageTesting;
import io.tagpulse.counter.window.CloseTime;
import io.tagpulse.counter.window.TimedMention;
import io.tagpulse.counter.window.WindowInput;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The trend stage on its own, through {@code TopologyTestDriver}: the clock's output in (mentions at explicit event
 * times, the close time once a second), the moderation topic as a global table, the trends out. Every scenario runs
 * on a background of a steady head tag (a mention a second by 20 authors), past the warm-up, with rules scaled down
 * to minutes: a 1-minute short horizon against a 10-minute baseline, judged every 10 s.
 */
class TrendStageProcessorTests {

    static final long SECOND = 1_000;

    static final long MINUTE = 60 * SECOND;

    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** When the planted events start: past the warm-up, with 5 minutes of background behind them. */
    static final long EVENT = 5 * MINUTE;

    static final TrendRules RULES = new TrendRules(Duration.ofMinutes(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(10), 6, Duration.ofMinutes(2), 10, 5,
            3, 2, 5, 2, Duration.ofMinutes(1), Duration.ofMinutes(3), 0.5);

    static final TrendSettings SETTINGS = new TrendSettings(RULES, Duration.ofSeconds(10),
            Set.of("global", "language", "platform"), TagBlockList.empty(), 3);

    @TempDir
    Path tempDir;

    private Path stateDir;

    private TopologyTestDriver driver;

    private TestInputTopic<String, WindowInput> timed;

    private TestInputTopic<String, ModerationDecision> moderation;

    private TestOutputTopic<String, TrendUpdate> trends;

    private long closeTime = Long.MIN_VALUE;

    private final List<KeyValue<String, TrendUpdate>> written = new ArrayList<>();

    private void start(TrendSettings settings) {
        startOn(settings, StageTesting.fastStateDir(tempDir));
    }

    private void startOn(TrendSettings settings, Path dir) {
        stateDir = dir;
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable("moderation", Consumed.with(Serdes.String(), new ModerationDecisionSerde()),
                Materialized.as("trend-moderation"));
        builder.stream("timed", Consumed.with(Serdes.String(), new ObjectSerde<WindowInput>()))
            .process(TrendStageProcessor.supplier(settings, "trend-moderation"), Named.as("trend-stage"))
            .to("trends", Produced.with(Serdes.String(), new TrendUpdateSerde()));
        driver = new TopologyTestDriver(builder.build(), StageTesting.config("trend-stage-test", stateDir));
        timed = driver.createInputTopic("timed", new StringSerializer(), new ObjectSerde<WindowInput>().serializer());
        moderation = driver.createInputTopic("moderation", new StringSerializer(),
                new ModerationDecisionSerde().serializer());
        trends = driver.createOutputTopic("trends", new StringDeserializer(), new TrendUpdateSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
            StageTesting.deleteFastStateDir(stateDir);
        }
    }

    static HashtagMention mention(String tag, long t, String author, String platform, String language,
            List<String> coTags) {
        return new HashtagMention(tag, tag, "p-" + tag + "-" + t + "-" + author, platform, language,
                Instant.ofEpochMilli(T0 + t), author, coTags);
    }

    private void send(HashtagMention mention) {
        long t = mention.eventTime().toEpochMilli();
        timed.pipeInput(mention.tag(), new TimedMention(mention.tag(), mention, t, t, closeTime), t);
    }

    /** Runs the background and {@code events} (called each second with the second's offset) from 0 to {@code end}. */
    private void run(long from, long end, LongConsumer events) {
        for (long t = from; t < end; t += SECOND) {
            send(mention("steady", t, "regular" + (t / SECOND) % 20, "mastodon", "en", List.of()));
            events.accept(t);
            closeTime = T0 + t;
            timed.pipeInput(null, new CloseTime(closeTime), T0 + t);
        }
        trends.readKeyValuesToList().forEach(written::add);
    }

    /** A surge: two mentions a second, by 50 authors, in English on Bluesky, from {@code start} for {@code length}. */
    private void surge(long t, String tag, long start, long length) {
        if (t >= start && t < start + length) {
            for (int i = 0; i < 2; i++) {
                send(mention(tag, t + i * 400, "fan" + ((t / SECOND * 2 + i) % 50), "bluesky", "en-GB",
                        List.of("worldcup", "football")));
            }
        }
    }

    private List<TrendUpdate> of(String key) {
        return written.stream().filter(record -> record.key.equals(key)).map(record -> record.value).toList();
    }

    private static List<String> phases(List<TrendUpdate> updates) {
        List<String> phases = new ArrayList<>();
        for (TrendUpdate update : updates) {
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(update.status())) {
                phases.add(update.status());
            }
        }
        return phases;
    }

    @Test
    void shouldTrendASurgeByManyAuthorsThroughItsLifecycleInEveryScope() {
        start(SETTINGS);
        run(0, 20 * MINUTE, t -> surge(t, "goal", EVENT, 4 * MINUTE));

        for (String scope : List.of("global", "language:en", "platform:bluesky")) {
            List<TrendUpdate> updates = of(scope + "|goal");
            assertThat(phases(updates)).as(scope).containsExactly("RISING", "HOT", "COOLING", "ENDED");
            TrendUpdate first = updates.get(0);
            TrendUpdate last = updates.get(updates.size() - 1);
            assertThat(first.startedAt().toEpochMilli() - T0 - EVENT).as("trending within 30 s")
                .isBetween(0L, 30 * SECOND);
            assertThat(updates).extracting(TrendUpdate::trendId).containsOnly(TrendUpdate.trendId(scope, "goal",
                    first.startedAt()));
            assertThat(last.endedAt()).isNotNull();
            assertThat(last.endedAt().toEpochMilli() - T0).isBetween(EVENT + 4 * MINUTE, EVENT + 9 * MINUTE);
            // Two a second; the minute judged ends in a bucket just begun, so a little under 120.
            assertThat(last.peakPerMinute()).isBetween(105L, 125L);
            assertThat(last.peakAt().toEpochMilli() - T0).isBetween(EVENT, EVENT + 4 * MINUTE);
            assertThat(last.moderated()).isFalse();
            assertThat(updates).extracting(TrendUpdate::asOf).isSorted().doesNotHaveDuplicates();
            assertThat(updates).allSatisfy(update -> assertThat(update.problems()).isEmpty());
        }
        assertThat(of("platform:mastodon|goal")).isEmpty();
        // The surge's co-occurring tags, global per tag, come with its trend in every scope.
        assertThat(of("language:en|goal").get(3).related()).extracting(RelatedTag::tag)
            .containsExactlyInAnyOrder("worldcup", "football");
        assertThat(of("global|goal").get(3).related()).extracting(RelatedTag::mentions).allMatch(n -> n > 10);
        // One trend started in each of the three scopes, and the operators' metric says so.
        assertThat(driver.metrics().entrySet()).filteredOn(metric -> metric.getKey().name().equals("trends-started-total"))
            .extracting(metric -> (Double) metric.getValue().metricValue())
            .containsExactly(3.0);
    }

    @Test
    void shouldCarryATrendsDistinctAuthorsPerUtcDayAcrossMidnightInTheGlobalScopeOnly() {
        start(SETTINGS);
        // T0 is a UTC midnight: 50 authors surge in the 3 minutes before it, 30 others in the 2 minutes after.
        run(-8 * MINUTE, 4 * MINUTE, t -> {
            if (t >= -3 * MINUTE && t < 2 * MINUTE) {
                for (int i = 0; i < 2; i++) {
                    long k = Math.floorMod(t / SECOND * 2 + i, 1_000);
                    String author = t < 0 ? "fan" + k % 50 : "owl" + k % 30;
                    send(mention("midnight", t + i * 400, author, "bluesky", "en", List.of()));
                }
            }
        });

        Instant yesterday = Instant.ofEpochMilli(T0 - 24 * 60 * MINUTE);
        Instant today = Instant.ofEpochMilli(T0);
        List<TrendUpdate> updates = of("global|midnight");
        List<TrendUpdate> before = updates.stream().filter(update -> update.asOf().isBefore(today)).toList();
        List<TrendUpdate> after = updates.stream().filter(update -> !update.asOf().isBefore(today)).toList();
        assertThat(before).as("trending before midnight").isNotEmpty();
        assertThat(after).as("still trending after midnight").hasSizeGreaterThan(6);
        assertThat(updates).allSatisfy(update -> {
            assertThat(update.problems()).isEmpty();
            assertThat(update.version()).isEqualTo(2);
        });
        assertThat(before).allSatisfy(update -> assertThat(update.authorsByDay()).extracting(DayAuthors::day)
            .containsExactly(yesterday));
        // Estimates of a 256-register sketch: about 6.5 % relative standard error.
        long yesterdays = before.get(before.size() - 1).authorsByDay().get(0).authors();
        assertThat(yesterdays).isCloseTo(50L, withinPercentage(10));
        // Newest day first; yesterday's count is final, today's grows with the owls.
        TrendUpdate last = after.get(after.size() - 1);
        assertThat(last.authorsByDay()).extracting(DayAuthors::day).containsExactly(today, yesterday);
        assertThat(last.authorsByDay().get(0).authors()).isCloseTo(30L, withinPercentage(10));
        assertThat(last.authorsByDay().get(1).authors()).isEqualTo(yesterdays);
        assertThat(after).extracting(update -> update.authorsByDay().get(0).authors()).isSorted();
        // Other scopes keep no days: their records carry none.
        assertThat(of("language:en|midnight")).isNotEmpty()
            .allSatisfy(update -> assertThat(update.authorsByDay()).isEmpty());
    }

    @Test
    void shouldNotTrendTheSteadyHeadTagEvenWhenItRises() {
        start(SETTINGS);
        // Up by 30 % for 10 minutes: a third mention every 3 s on top of one a second.
        run(0, 20 * MINUTE, t -> {
            if (t >= EVENT && t < EVENT + 10 * MINUTE && t % (3 * SECOND) == 0) {
                send(mention("steady", t + 500, "regular" + (t / SECOND + 7) % 20, "mastodon", "en", List.of()));
            }
        });

        assertThat(written).isEmpty();
        assertThat(((DecodedStore<?>) driver.getStateStore(TrendStageProcessor.ACTIVITY_STORE)).get("global|steady"))
            .isNotNull();
    }

    @Test
    void shouldNotTrendOneAuthorsFloodNorThreeMentions() {
        start(SETTINGS);
        run(0, 15 * MINUTE, t -> {
            if (t >= EVENT && t < EVENT + 100 * SECOND) {
                for (int i = 0; i < 5; i++) {
                    send(mention("flood", t + i * 100, "spammer", "bluesky", "en", List.of()));
                }
            }
            if (t == EVENT || t == EVENT + SECOND || t == EVENT + 2 * SECOND) {
                send(mention("tiny", t, "author" + t, "bluesky", "en", List.of()));
            }
            surge(t, "marker", 10 * MINUTE, 2 * MINUTE);
        });

        // The marker's surge proves the stage judged on after the flood and the three mentions.
        assertThat(written).isNotEmpty().extracting(record -> record.value.tag()).containsOnly("marker");
    }

    @Test
    void shouldNeverTrendATagOfTheConfiguredBlockList() {
        start(SETTINGS.withBlockList(TagBlockList.of(List.of("#Goal"))));
        run(0, 12 * MINUTE, t -> {
            surge(t, "goal", EVENT, 4 * MINUTE);
            surge(t, "marker", EVENT, 4 * MINUTE);
        });

        assertThat(written).isNotEmpty().extracting(record -> record.value.tag()).containsOnly("marker");
    }

    @Test
    void shouldNeverTrendATagOfTheModerationTopicsBlockListWhichReplacesTheConfiguredOne() {
        start(SETTINGS.withBlockList(TagBlockList.of(List.of("marker"))));
        moderation.pipeInput(ModerationDecision.BLOCK_LIST_KEY, new ModerationDecision(ModerationDecision.BLOCK_LIST,
                "#Spam, go*", "moderator", "a pattern", Instant.ofEpochMilli(T0)));
        run(0, 12 * MINUTE, t -> {
            surge(t, "goal", EVENT, 4 * MINUTE);
            surge(t, "marker", EVENT, 4 * MINUTE);
        });

        assertThat(written).isNotEmpty().extracting(record -> record.value.tag()).containsOnly("marker");
    }

    @Test
    void shouldEndALiveTrendWhenItsTagIsHiddenAndTrendAgainOnceUnhidden() {
        start(SETTINGS);
        run(0, EVENT + MINUTE, t -> surge(t, "goal", EVENT, 10 * MINUTE));
        assertThat(of("global|goal")).isNotEmpty().last().extracting(TrendUpdate::status).isEqualTo("RISING");
        String firstTrend = of("global|goal").get(0).trendId();

        moderation.pipeInput("tag:goal", new ModerationDecision(ModerationDecision.HIDE, "#Goal", "moderator",
                "spoilers", Instant.ofEpochMilli(T0 + EVENT + MINUTE)));
        run(EVENT + MINUTE, EVENT + 3 * MINUTE, t -> surge(t, "goal", EVENT, 10 * MINUTE));
        for (String scope : List.of("global", "language:en", "platform:bluesky")) {
            List<TrendUpdate> updates = of(scope + "|goal");
            TrendUpdate last = updates.get(updates.size() - 1);
            assertThat(last.status()).as(scope).isEqualTo(TrendUpdate.ENDED);
            assertThat(last.moderated()).isTrue();
            assertThat(last.endedAt().toEpochMilli() - T0).isBetween(EVENT + MINUTE, EVENT + MINUTE + 10 * SECOND);
            assertThat(updates).filteredOn(TrendUpdate::ended).hasSize(1);
        }
        int whileHidden = written.size();

        moderation.pipeInput("tag:goal", new ModerationDecision(ModerationDecision.UNHIDE, "goal", "moderator",
                "", Instant.ofEpochMilli(T0 + EVENT + 3 * MINUTE)));
        run(EVENT + 3 * MINUTE, EVENT + 4 * MINUTE, t -> surge(t, "goal", EVENT, 10 * MINUTE));
        List<TrendUpdate> again = written.subList(whileHidden, written.size()).stream()
            .map(record -> record.value)
            .filter(update -> update.scope().equals("global"))
            .toList();
        assertThat(again).isNotEmpty().allSatisfy(update -> {
            assertThat(update.trendId()).isNotEqualTo(firstTrend);
            assertThat(update.startedAt().toEpochMilli() - T0).isGreaterThanOrEqualTo(EVENT + 3 * MINUTE);
            assertThat(update.moderated()).isFalse();
        });
    }

    @Test
    void shouldWriteTheSameTrendsWhenItsTaskIsClosedMidwayAndReopenedFromWhatWasFlushed() {
        // Uninterrupted, every change written through at once (over plain stores).
        MockProcessorContext<String, TrendUpdate> plain = plainStores();
        Processor<String, WindowInput, String, TrendUpdate> through = TrendStageProcessor.supplier(SETTINGS, null)
            .get();
        through.init(plain);
        feed(through, 0, 20 * MINUTE);

        // The app's stores, written behind; the task is closed after a commit midway and reopened on what the
        // stores beneath hold (what the changelog of that commit holds), its heap copies gone.
        MockProcessorContext<String, TrendUpdate> context = new MockProcessorContext<>();
        List<StateStore> stores = new ArrayList<>();
        for (StoreBuilder<?> builder : TrendStageProcessor.stores(SETTINGS, Stores::inMemoryKeyValueStore)) {
            StateStore store = builder.withLoggingDisabled().withCachingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        Processor<String, WindowInput, String, TrendUpdate> before = TrendStageProcessor.supplier(SETTINGS, null)
            .get();
        before.init(context);
        feed(before, 0, EVENT + 90 * SECOND);
        DecodedStore<?> activities = context.getStateStore(TrendStageProcessor.ACTIVITY_STORE);
        assertThat(activities.changed()).as("changes wait for the commit").isPositive();
        stores.forEach(store -> ((CachedStateStore<?, ?>) store).flushCache()); // the commit
        Map<String, byte[]> flushed = encoded(activities);
        stores.forEach(store -> store.init(context.getStateStoreContext(), store)); // reopened
        assertThat(encoded(activities)).as("read back exactly what was flushed")
            .containsOnlyKeys(flushed.keySet())
            .allSatisfy((key, bytes) -> assertThat(bytes).isEqualTo(flushed.get(key)));
        Processor<String, WindowInput, String, TrendUpdate> after = TrendStageProcessor.supplier(SETTINGS, null)
            .get();
        after.init(context);
        feed(after, EVENT + 90 * SECOND, 20 * MINUTE);

        assertThat(globalGoal(plain)).isNotEmpty();
        assertThat(context.forwarded()).extracting(forwarded -> forwarded.record().key(),
                forwarded -> forwarded.record().value())
            .isEqualTo(plain.forwarded().stream()
                .map(forwarded -> org.assertj.core.groups.Tuple.tuple(forwarded.record().key(),
                        forwarded.record().value()))
                .toList());
    }

    /** @return a context with the stage's stores as plain in-memory stores of bytes, written through */
    private static MockProcessorContext<String, TrendUpdate> plainStores() {
        MockProcessorContext<String, TrendUpdate> context = new MockProcessorContext<>();
        StageTesting.addStore(context, TrendStageProcessor.ACTIVITY_STORE, Serdes.String(), Serdes.ByteArray());
        StageTesting.addStore(context, TrendStageProcessor.RELATED_STORE, Serdes.String(), Serdes.ByteArray());
        StageTesting.addStore(context, TrendStageProcessor.WATCH_STORE, Serdes.String(),
                new JsonSerde<>(TrendStageProcessor.Watch.class));
        StageTesting.addStore(context, TrendStageProcessor.CLOCK_STORE, Serdes.String(), Serdes.String());
        return context;
    }

    private static Map<String, byte[]> encoded(DecodedStore<?> store) {
        Map<String, byte[]> stored = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = store.range(null, null)) {
            all.forEachRemaining(entry -> stored.put(entry.key, entry.value));
        }
        return stored;
    }

    @Test
    void shouldGoOnWithTheSameTrendAfterARestartFromItsStores() {
        MockProcessorContext<String, TrendUpdate> context = plainStores();
        Processor<String, WindowInput, String, TrendUpdate> before = TrendStageProcessor.supplier(SETTINGS, null)
            .get();
        before.init(context);
        feed(before, 0, EVENT + MINUTE);
        List<TrendUpdate> beforeRestart = globalGoal(context);
        assertThat(beforeRestart).isNotEmpty();
        context.resetForwards();

        // A new instance on the same stores, as a restarted or moved task finds them restored from the changelogs.
        Processor<String, WindowInput, String, TrendUpdate> after = TrendStageProcessor.supplier(SETTINGS, null)
            .get();
        after.init(context);
        feed(after, EVENT + MINUTE, 20 * MINUTE);
        List<TrendUpdate> afterRestart = globalGoal(context);

        assertThat(afterRestart).isNotEmpty().extracting(TrendUpdate::trendId)
            .containsOnly(beforeRestart.get(0).trendId());
        assertThat(afterRestart.get(0).asOf().toEpochMilli() - T0).as("the next refresh, not one again")
            .isEqualTo(EVENT + MINUTE);
        assertThat(afterRestart).last().extracting(TrendUpdate::status).isEqualTo(TrendUpdate.ENDED);
    }

    private static void feed(Processor<String, WindowInput, String, TrendUpdate> stage, long from, long end) {
        for (long t = from; t < end; t += SECOND) {
            List<HashtagMention> mentions = new ArrayList<>();
            mentions.add(mention("steady", t, "regular" + (t / SECOND) % 20, "mastodon", "en", List.of()));
            if (t >= EVENT && t < EVENT + 4 * MINUTE) {
                mentions.add(mention("goal", t, "fan" + (t / SECOND) % 50, "bluesky", "en", List.of("worldcup")));
                mentions.add(mention("goal", t + 400, "fan" + (t / SECOND + 25) % 50, "bluesky", "en", List.of()));
            }
            for (HashtagMention mention : mentions) {
                long at = mention.eventTime().toEpochMilli();
                stage.process(new Record<>(mention.tag(), new TimedMention(mention.tag(), mention, at, at, T0 + t),
                        at));
            }
            stage.process(new Record<>(null, new CloseTime(T0 + t), T0 + t));
        }
    }

    private static List<TrendUpdate> globalGoal(MockProcessorContext<String, TrendUpdate> context) {
        return context.forwarded().stream()
            .map(forwarded -> forwarded.record())
            .filter(record -> record.key().equals("global|goal"))
            .<TrendUpdate>map(record -> record.value())
            .toList();
    }
}
