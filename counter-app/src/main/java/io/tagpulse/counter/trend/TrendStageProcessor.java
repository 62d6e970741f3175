package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.support.DecodedStore;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.window.CloseTime;
import io.tagpulse.counter.window.TimedMention;
import io.tagpulse.counter.window.WatermarkClockProcessor;
import io.tagpulse.counter.window.WindowInput;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The trend stage of a counter task: reads the watermark clock's output (the task's mentions in partition order and
 * its close time), keeps each scope-and-tag's {@link TagActivity} and each tag's {@link RelatedTags}, and every
 * {@code refresh} of close time judges its candidates, moves their {@link TrendLifecycle}s on and writes a
 * {@link TrendUpdate} for every live trend (and one last one when it ends), keyed {@code <scope>|<tag>}.
 * <p>
 * <b>Event time only.</b> The refresh is driven by the close time, never the wall clock, and mentions count at their
 * event time, so a replay, a restart or a moved task writes the same trends with the same trend ids.
 * <p>
 * <b>Bounded state, all in changelogged stores</b> (nothing lives only in memory across commits):
 * {@value #ACTIVITY_STORE} (per scope-and-tag, at most a long horizon of buckets) and {@value #RELATED_STORE} (per
 * tag, a fixed-size summary), both {@link DecodedStore}s: kept decoded and written once per commit, however many
 * mentions changed them (encoding them at every mention was most of the stage's cost), {@value #WATCH_STORE} (the candidates: scope-tags with at least {@code minMentions} in the
 * short horizon, with their live trend if any) and {@value #CLOCK_STORE} (when observation began, the next refresh,
 * the sweep's place). A refresh judges only the candidates, not every tag ever seen, and sweeps at most
 * {@value #SWEEP_BATCH} entries of each of the other two stores, deleting idle activity and faded summaries.
 * <p>
 * <b>Moderation.</b> The moderation global table's store, when given, is read at each refresh: its block list (or the
 * configured one until it has one) and each candidate's hide or unhide ({@link TrendModeration}).
 */
public final class TrendStageProcessor implements Processor<String, WindowInput, String, TrendUpdate> {

    /** Name of the store of each scope-and-tag's activity (key {@code <scope>|<tag>}). */
    public static final String ACTIVITY_STORE = "trend-activity";

    /** Name of the store of each tag's co-occurring tags (key: the tag). */
    public static final String RELATED_STORE = "trend-related";

    /** Name of the store of the candidates and their live trends (key {@code <scope>|<tag>}). */
    public static final String WATCH_STORE = "trend-watch";

    /** Name of the store of the stage's own time. */
    public static final String CLOCK_STORE = "trend-clock";

    /** The most decoded activities a task keeps on the heap in front of {@value #ACTIVITY_STORE}. */
    static final int HEAP_ACTIVITIES = 10_000;

    /** The most decoded related-tag summaries a task keeps on the heap in front of {@value #RELATED_STORE}. */
    static final int HEAP_RELATED = 10_000;

    /** The most entries of the activity and related stores one refresh looks at for idleness. */
    static final int SWEEP_BATCH = 1_000;

    private static final String OBSERVED_SINCE = "observed-since";

    private static final String NEXT_REFRESH = "next-refresh";

    private static final String SWEEP_ACTIVITY = "sweep-activity";

    private static final String SWEEP_RELATED = "sweep-related";

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final TrendSettings settings;

    private final TrendRules rules;

    private final TrendModeration moderation;

    private final String moderationStore;

    private final TrendScopes.KeyPrefixes scopeKeys;

    private ProcessorContext<String, TrendUpdate> context;

    private DecodedStore<TagActivity> activities;

    private DecodedStore<RelatedTags> related;

    private KeyValueStore<String, Watch> watch;

    private KeyValueStore<String, String> clock;

    /** Trends started (rate, total). */
    private Sensor trendsStarted;

    private KeyValueStore<String, ValueAndTimestamp<ModerationDecision>> decisions;

    /**
     * Keys known to be in {@value #WATCH_STORE} since this processor was initialized (only it writes that store), so
     * that a mention of a candidate does not read and decode its entry again; emptied at every (re)initialization.
     */
    private final Set<String> knownWatched = new HashSet<>();

    /** Mirrors of the clock store's values, read again at every (re)initialization. */
    private long observedSince;

    private long nextRefresh;

    TrendStageProcessor(TrendSettings settings, String moderationStore) {
        this.settings = settings;
        this.rules = settings.rules();
        this.moderation = new TrendModeration(settings.blockList());
        this.moderationStore = moderationStore;
        this.scopeKeys = new TrendScopes.KeyPrefixes(settings.scopes());
    }

    /**
     * @param moderationStore the name of the moderation global table's store, or {@code null} to go by the
     *        configured block list only
     * @return the stage, with its stores
     */
    public static ProcessorSupplier<String, WindowInput, String, TrendUpdate> supplier(TrendSettings settings,
            String moderationStore) {
        return new ProcessorSupplier<>() {

            @Override
            public Processor<String, WindowInput, String, TrendUpdate> get() {
                return new TrendStageProcessor(settings, moderationStore);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return TrendStageProcessor.stores(settings, Stores::persistentKeyValueStore);
            }
        };
    }

    /**
     * @param bytesStores the store beneath each of the stage's stores, by name (persistent ones in the app)
     * @return the builders of the stage's stores: its activities and related tags kept decoded and written behind,
     *         its candidates and clock cached by Kafka Streams
     */
    public static Set<StoreBuilder<?>> stores(TrendSettings settings,
            Function<String, KeyValueBytesStoreSupplier> bytesStores) {
        return Set.of(
                DecodedStore.builder(bytes(bytesStores, ACTIVITY_STORE), TagActivity::toBytes,
                        activityDecoder(settings), HEAP_ACTIVITIES),
                DecodedStore.builder(bytes(bytesStores, RELATED_STORE), RelatedTags::toBytes,
                        relatedDecoder(settings), HEAP_RELATED),
                Stores.keyValueStoreBuilder(bytesStores.apply(WATCH_STORE), Serdes.String(),
                        new JsonSerde<>(Watch.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(bytesStores.apply(CLOCK_STORE), Serdes.String(), Serdes.String())
                    .withCachingEnabled());
    }

    private static BiFunction<String, byte[], TagActivity> activityDecoder(TrendSettings settings) {
        return (key, stored) -> TagActivity.fromBytes(stored, settings.rules(), keepsDays(key));
    }

    private static BiFunction<String, byte[], RelatedTags> relatedDecoder(TrendSettings settings) {
        long halfLife = settings.rules().shortHorizon().toMillis();
        return (tag, stored) -> RelatedTags.fromBytes(stored, settings.relatedCapacity(), halfLife);
    }

    /** The store of a {@link DecodedStore}'s bytes: uncached, as the decoded store coalesces the writes itself. */
    private static StoreBuilder<KeyValueStore<String, byte[]>> bytes(
            Function<String, KeyValueBytesStoreSupplier> bytesStores, String name) {
        return Stores.keyValueStoreBuilder(bytesStores.apply(name), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled();
    }

    @Override
    public void init(ProcessorContext<String, TrendUpdate> context) {
        this.context = context;
        this.activities = DecodedStore.over(context.getStateStore(ACTIVITY_STORE), TagActivity::toBytes,
                activityDecoder(settings), HEAP_ACTIVITIES);
        this.related = DecodedStore.over(context.getStateStore(RELATED_STORE), RelatedTags::toBytes,
                relatedDecoder(settings), HEAP_RELATED);
        this.watch = context.getStateStore(WATCH_STORE);
        this.clock = context.getStateStore(CLOCK_STORE);
        this.trendsStarted = context.metrics().addRateTotalSensor(WatermarkClockProcessor.METRIC_SCOPE,
                context.taskId().toString(), "trends-started", Sensor.RecordingLevel.INFO);
        this.decisions = moderationStore == null ? null : context.getStateStore(moderationStore);
        this.knownWatched.clear();
        this.observedSince = stored(OBSERVED_SINCE);
        this.nextRefresh = stored(NEXT_REFRESH);
    }

    @Override
    public void process(Record<String, WindowInput> record) {
        if (record.value() instanceof TimedMention mention) {
            count(mention);
        }
        else if (record.value() instanceof CloseTime close && close.millis() >= nextRefresh) {
            if (observedSince != UNKNOWN) {
                refresh(close.millis(), record.timestamp());
            }
            long refreshMs = settings.refresh().toMillis();
            nextRefresh = (Math.floorDiv(close.millis(), refreshMs) + 1) * refreshMs;
            clock.put(NEXT_REFRESH, Long.toString(nextRefresh));
        }
    }

    /** Counts a mention in each of its scopes, makes the scope-tags it lifts to {@code minMentions} candidates. */
    private void count(TimedMention timed) {
        HashtagMention mention = timed.mention();
        long eventTime = timed.eventTime();
        if (observedSince == UNKNOWN) {
            observedSince = eventTime;
            clock.put(OBSERVED_SINCE, Long.toString(observedSince));
        }
        String author = AuthorSketch.keyOf(mention.author(), mention.platform());
        for (String prefix : scopeKeys.of(mention)) {
            String key = prefix.concat(timed.tag());
            TagActivity activity = activities.get(key);
            if (activity == null) {
                activity = new TagActivity(rules, keepsDays(key));
            }
            activity.add(eventTime, author);
            activities.put(key, activity); // encoded and written once, before the commit
            if (activity.recentMentions() >= rules.minMentions() && !knownWatched.contains(key)) {
                if (watch.get(key) == null) {
                    watch.put(key, Watch.CANDIDATE);
                }
                knownWatched.add(key);
            }
        }
        if (settings.relatedSize() > 0 && !mention.coTags().isEmpty()) {
            RelatedTags tags = relatedOf(timed.tag());
            tags.add(eventTime, mention.coTags());
            related.put(timed.tag(), tags);
        }
    }

    /** Judges every candidate at close time {@code now}, writes the live trends, sweeps idle state. */
    private void refresh(long now, long timestamp) {
        TagBlockList blockList = moderation.blockList(decision(ModerationDecision.BLOCK_LIST_KEY));
        List<KeyValue<String, Watch>> candidates = new ArrayList<>();
        try (KeyValueIterator<String, Watch> all = watch.all()) {
            all.forEachRemaining(candidates::add);
        }
        for (KeyValue<String, Watch> candidate : candidates) {
            judge(candidate.key, candidate.value, now, timestamp, blockList);
        }
        sweep(activities, SWEEP_ACTIVITY,
                (key, bytes) -> TagActivity.isIdle(bytes, rules, now) && watch.get(key) == null);
        sweep(related, SWEEP_RELATED, (tag, bytes) -> RelatedTags.fromBytes(bytes, settings.relatedCapacity(),
                rules.shortHorizon().toMillis()).isEmpty(now));
    }

    private void judge(String key, Watch watched, long now, long timestamp, TagBlockList blockList) {
        TagActivity activity = activities.get(key);
        if (activity == null) {
            unwatch(key);
            return;
        }
        int bar = key.indexOf('|');
        TrendScope scope = TrendScope.parse(key.substring(0, bar));
        String tag = key.substring(bar + 1);
        Assessment assessment = activity.assess(now, observedSince);
        boolean allowed = moderation.allows(tag, blockList, decision(TrendModeration.tagKey(tag)));
        TrendLifecycle trend = watched.trend() == null ? null : TrendLifecycle.restore(rules, watched.trend());
        boolean moderated = false;
        if (trend != null && !allowed) {
            moderated = trend.end(now, assessment);
        }
        else if (trend != null) {
            trend.update(now, assessment);
        }
        else if (allowed) {
            trend = TrendLifecycle.startIfQualified(rules, now, assessment).orElse(null);
            if (trend != null) {
                trendsStarted.record();
            }
        }
        if (trend != null) {
            TrendUpdate update = TrendUpdates.of(scope, tag, trend.snapshot(), now,
                    relatedOf(tag).top(now, settings.relatedSize()), moderated, activity.authorsByDay(now));
            context.forward(new Record<>(TrendUpdate.key(scope.toString(), tag), update, timestamp));
        }
        boolean live = trend != null && trend.phase() != TrendPhase.ENDED;
        if (live) {
            watch.put(key, new Watch(trend.snapshot()));
        }
        else if (assessment.mentions() < rules.minMentions()) {
            unwatch(key);
        }
        else if (watched.trend() != null) {
            watch.put(key, Watch.CANDIDATE);
        }
    }

    /**
     * Looks at the next {@value #SWEEP_BATCH} written entries of a store, from where the last sweep stopped, deletes
     * idle ones. Entries changed since the last commit are passed over (a change is a mention within the horizon, so
     * they are not idle), which spares writing them down before the commit does.
     */
    private void sweep(DecodedStore<?> store, String cursorKey, BiPredicate<String, byte[]> idle) {
        String from = clock.get(cursorKey);
        List<String> gone = new ArrayList<>();
        String last = null;
        boolean more;
        try (KeyValueIterator<String, byte[]> entries = store.unchangedFrom(from)) {
            for (int seen = 0; seen < SWEEP_BATCH && entries.hasNext(); seen++) {
                KeyValue<String, byte[]> entry = entries.next();
                last = entry.key;
                if (idle.test(entry.key, entry.value)) {
                    gone.add(entry.key);
                }
            }
            more = entries.hasNext();
        }
        gone.forEach(store::delete);
        if (more) {
            clock.put(cursorKey, last + '\u0000'); // the least key after the last one looked at
        }
        else {
            clock.delete(cursorKey);
        }
    }

    private void unwatch(String key) {
        watch.delete(key);
        knownWatched.remove(key);
    }

    /** Only the global scope keeps a tag's distinct authors per day (what the Mastodon-compatible API shows). */
    private static boolean keepsDays(String key) {
        return key.startsWith(TrendScope.GLOBAL + "|");
    }

    private RelatedTags relatedOf(String tag) {
        RelatedTags tags = related.get(tag);
        return tags != null ? tags : new RelatedTags(settings.relatedCapacity(), rules.shortHorizon().toMillis());
    }

    private ModerationDecision decision(String key) {
        if (decisions == null) {
            return null;
        }
        ValueAndTimestamp<ModerationDecision> decision = decisions.get(key);
        return decision == null ? null : decision.value();
    }

    private long stored(String key) {
        String value = clock.get(key);
        return value == null ? UNKNOWN : Long.parseLong(value);
    }

    /**
     * A candidate scope-tag, as kept in {@value #WATCH_STORE}.
     *
     * @param trend its live trend, or {@code null} while it has none
     */
    public record Watch(TrendLifecycle.Snapshot trend) {

        static final Watch CANDIDATE = new Watch(null);
    }
}
