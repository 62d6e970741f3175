package io.tagpulse.counter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.Watermark;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The windowed count, per task (one partition of the hashtags topic): counts each mention in every window of its
 * event time, routes late mentions to the late output, emits counts by the {@link EmitMode}, and ranks each closed
 * velocity window's tags (phase one of the trending).
 * <p>
 * <b>Time.</b> Windows close by the processor's {@link Watermark}s, not by the mentions: the close time is the oldest
 * event time to which the processor has read every partition of its input (idle partitions aside), so a backlog read
 * one partition's block after another, a paused stage or a restart cannot make the mentions still to come late.
 * A window {@code [start, end)} is closed once {@code end + grace <= closeTime}; the close time only grows and is
 * kept, with the watermarks, in the changelogged clock store, so a restarted or migrated task, or a replay of the
 * topic, makes the same decisions.
 * <p>
 * <b>Late rule.</b> A mention is late for a window that has closed, and for all its windows when its post arrived
 * more than {@code maxDelay} after it was created. It is counted in each of its windows that is open and written to
 * the late output once for each it is late for, so for every window "counted + late = all its mentions", exactly.
 * A closed window's tallies are deleted from the store as it closes; in {@link EmitMode#FINAL} its final count is
 * written then, and nothing can change it afterwards.
 * <p>
 * Outputs, keyed by tag unless noted: {@link HashtagCount}, {@link LateMention}, and {@link PartialRanking} keyed
 * by the window start.
 */
public final class WindowCountProcessor implements Processor<String, HashtagsTopicRecord, String, Object> {

    /**
     * Name of the store that holds the upstream watermarks, stream time, close time and how far each window family
     * has been closed.
     */
    public static final String CLOCK_STORE = "counter-clock";

    /** Name of the store of each tag's trend baseline. */
    public static final String BASELINE_STORE = "trend-baselines";

    /** Metric group of the counter's own metrics (Kafka Streams prefixes it as {@code stream-<group>-metrics}). */
    public static final String METRIC_SCOPE = "tagpulse-counter";

    /** How often the waiting updates of windows that have already ended (late mentions within grace) are written. */
    static final Duration ENDED_WINDOWS_FLUSH = Duration.ofMillis(100);

    /**
     * The most open-window tallies one task keeps on the heap per window family: about 200 bytes each, so at most
     * ~2 MB per task and family; the benchmark's 500 tags need about 1,500 per partition.
     */
    static final int MAX_OPEN_TALLIES = 10_000;

    /** How often, in velocity windows, the baselines of vanished tags are pruned. */
    static final long PRUNE_EVERY_WINDOWS = 600;

    /** A baseline below this fraction of the smoothing pseudo-count is forgotten. */
    static final double NEGLIGIBLE_BASELINE = 1e-9;

    private static final String STREAM_TIME = "stream-time";

    private static final String CLOSE_TIME = "close-time";

    private static final String CLOSED_THROUGH = "closed-through:";

    private static final String UPSTREAM_PARTITIONS = "upstream-partitions";

    private static final String UPSTREAM_MARK = "upstream-mark:";

    private static final String UPSTREAM_IDLE = "upstream-idle:";

    private final CounterSettings settings;

    private final List<WindowFamily> families;

    private final long grace;

    private final long maxDelay;

    private final UpstreamWatermarks upstream = new UpstreamWatermarks();

    private ProcessorContext<String, Object> context;

    private KeyValueStore<String, Long> clock;

    private KeyValueStore<String, String> baselines;

    private Sensor lateSensor;

    private Sensor keylessSensor;

    /** The newest event time counted on this task: windows it has passed the end of have ended (not closed). */
    private long streamTime;

    /** Windows whose end plus grace this has reached are closed; {@link UpstreamWatermarks#UNKNOWN} before any. */
    private long closeTime;

    /** Whether the open windows are still to be re-emitted after (re)initialization. */
    private boolean reemitOpenWindows;

    WindowCountProcessor(CounterSettings settings, List<WindowFamily> families) {
        this.settings = settings;
        this.families = families;
        this.grace = settings.grace().toMillis();
        this.maxDelay = settings.maxDelay().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.clock = context.getStateStore(CLOCK_STORE);
        this.baselines = context.getStateStore(BASELINE_STORE);
        for (WindowFamily family : families) {
            family.open(context);
            family.closedThrough = valueOr(clock.get(CLOSED_THROUGH + family.store), -1L);
        }
        streamTime = valueOr(clock.get(STREAM_TIME), -1L);
        closeTime = valueOr(clock.get(CLOSE_TIME), UpstreamWatermarks.UNKNOWN);
        int partitions = (int) valueOr(clock.get(UPSTREAM_PARTITIONS), 0L);
        for (int partition = 0; partition < partitions; partition++) {
            upstream.restore(partitions, partition, clock.get(UPSTREAM_MARK + partition),
                    valueOr(clock.get(UPSTREAM_IDLE + partition), 0L) == 1L);
        }
        lateSensor = context.metrics()
            .addRateTotalSensor(METRIC_SCOPE, context.taskId().toString(), "late-mentions",
                    Sensor.RecordingLevel.INFO);
        // A mention without key cannot be counted: it may sit in another partition than its tag's windows (counting it
        // by its tag here could count one window in two tasks). It is dropped, and counted here so it is not silent.
        keylessSensor = context.metrics()
            .addRateTotalSensor(METRIC_SCOPE, context.taskId().toString(), "mentions-without-key",
                    Sensor.RecordingLevel.INFO);
        if (families.get(0).throttled) {
            // Updates wait in memory between emissions; after a restart or a move, re-emitting every open window
            // once restores any update that was counted (and committed) but not yet written.
            reemitOpenWindows = true;
            context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushDirty());
            context.schedule(ENDED_WINDOWS_FLUSH, PunctuationType.WALL_CLOCK_TIME, now -> flushEndedWindows());
        }
    }

    @Override
    public void process(Record<String, HashtagsTopicRecord> record) {
        if (record.value() instanceof Watermark watermark) {
            advance(watermark);
            return;
        }
        if (record.key() == null || !(record.value() instanceof HashtagMention mention)) {
            keylessSensor.record();
            return;
        }
        if (reemitOpenWindows) {
            reemitOpenWindows();
        }
        // The record's timestamp is its post's arrival; the event time is the mention's own.
        long arrival = record.timestamp();
        // The processor dates a post from the future at its arrival; a mention from another writer might not be,
        // and would keep a window open until its far-off close. Beyond the max delay ahead, it is dated likewise.
        long eventTime = epochMillis(mention.eventTime());
        if (arrival >= 0 && eventTime - arrival > maxDelay) {
            eventTime = arrival;
        }
        // Windows before 1970 are never kept: such a mention is too old whenever it arrives.
        if (eventTime < 0 || arrival - eventTime > maxDelay) {
            long lateness = Math.max(0, arrival - eventTime - maxDelay);
            for (WindowFamily family : families) {
                family.startsOf(eventTime).forEach(start -> late(record.key(), mention, family, start, lateness,
                        LateMention.TOO_OLD, arrival));
            }
            return;
        }
        if (eventTime > streamTime) {
            streamTime = eventTime;
            flushEnded();
        }
        for (WindowFamily family : families) {
            count(family, record.key(), mention, eventTime, arrival);
        }
    }

    /** Takes in the processor's word on its progress, and closes what it allows. */
    private void advance(Watermark watermark) {
        upstream.apply(watermark);
        clock.put(UPSTREAM_PARTITIONS, (long) upstream.partitions());
        watermark.eventTimes().keySet().forEach(partition -> clock.put(UPSTREAM_MARK + partition,
                upstream.marks().get(partition)));
        watermark.eventTimes().keySet().forEach(partition -> clock.put(UPSTREAM_IDLE + partition,
                upstream.idle().get(partition) ? 1L : 0L));
        watermark.idle().forEach(partition -> clock.put(UPSTREAM_IDLE + partition, 1L));
        long allowed = upstream.closeTime();
        if (allowed != UpstreamWatermarks.UNKNOWN && allowed > closeTime) {
            closeTime = allowed;
            clock.put(CLOSE_TIME, closeTime);
            closeWindows();
        }
    }

    private void late(String tag, HashtagMention mention, WindowFamily family, long start, long lateness,
            String reason, long arrival) {
        lateSensor.record();
        Instant closedAt = closeTime == UpstreamWatermarks.UNKNOWN ? null : Instant.ofEpochMilli(closeTime);
        LateMention late = new LateMention(mention, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + family.size), closedAt, lateness, reason);
        context.forward(new Record<>(tag, late, arrival));
    }

    /** @return the instant in epoch millis, saturated at a quarter of a long's range (no sum overflows then) */
    private static long epochMillis(Instant instant) {
        long bound = Long.MAX_VALUE / 4;
        if (instant.getEpochSecond() > bound / 1000) {
            return bound;
        }
        if (instant.getEpochSecond() < -bound / 1000) {
            return -bound;
        }
        return instant.toEpochMilli();
    }

    private void count(WindowFamily family, String tag, HashtagMention mention, long eventTime, long arrival) {
        for (long start : family.startsOf(eventTime)) {
            long end = start + family.size;
            // Windows start on the advance grid, so "end + grace <= close time" is "start <= last closed start".
            if (start <= family.closedThrough) {
                late(tag, mention, family, start, closeTime - (end + grace), LateMention.WINDOW_CLOSED, arrival);
                continue;
            }
            WindowTally tally = family.openTally(tag, start).add(mention.display());
            family.counts.put(WindowFamily.pendingKey(start, tag), tally);
            if (settings.emitMode() == EmitMode.UPDATES) {
                if (family.throttled) {
                    family.dirty.put(WindowFamily.pendingKey(start, tag), tally);
                }
                else {
                    context.forward(new Record<>(tag, toCount(tag, start, end, tally), arrival));
                }
            }
        }
    }

    /** Writes the windows changed since the last emission. */
    private void flushDirty() {
        if (reemitOpenWindows) {
            reemitOpenWindows();
        }
        for (WindowFamily family : families) {
            flushDirty(family, family.dirty);
        }
    }

    private void flushDirty(WindowFamily family, Map<String, WindowTally> dirty) {
        dirty.forEach((key, tally) -> {
            long start = WindowFamily.startOf(key);
            String tag = WindowFamily.tagOf(key);
            long end = start + family.size;
            context.forward(new Record<>(tag, toCount(tag, start, end, tally), end - 1));
        });
        dirty.clear();
    }

    /**
     * Writes at once the pending updates of the windows stream time has just moved past the end of, rather than at
     * the next emission: their counts are final but for late mentions, and the dashboard should not wait up to an
     * emit interval for them. Only a newly passed point of the window grid flushes anything, so this costs one
     * comparison per record; the update of a late mention that arrives afterwards is written within
     * {@link #ENDED_WINDOWS_FLUSH} (a partition's mentions come slightly out of order, as the processor interleaves
     * the posts' partitions).
     */
    private void flushEnded() {
        for (WindowFamily family : families) {
            long bound = streamTime - family.size;
            if (!family.throttled || bound < 0) {
                continue;
            }
            // A window [start, start + size) has ended once stream time reaches its end: start <= streamTime - size.
            long lastEndedStart = bound - bound % family.advance;
            if (lastEndedStart <= family.endedThrough) {
                continue;
            }
            family.endedThrough = lastEndedStart;
            flushDirty(family, family.dirty.headMap(WindowFamily.pendingKey(lastEndedStart + 1, "")));
        }
    }

    /** Writes the waiting updates of every window that has ended. */
    private void flushEndedWindows() {
        if (reemitOpenWindows) {
            reemitOpenWindows();
        }
        for (WindowFamily family : families) {
            if (family.endedThrough >= 0 && !family.dirty.isEmpty()) {
                flushDirty(family, family.dirty.headMap(WindowFamily.pendingKey(family.endedThrough + 1, "")));
            }
        }
    }

    /** Writes the current count of every window still open, once after (re)initialization. */
    private void reemitOpenWindows() {
        reemitOpenWindows = false;
        for (WindowFamily family : families) {
            // Closed windows are deleted as they close: what the store holds is open.
            try (KeyValueIterator<String, WindowTally> windows = family.counts.all()) {
                windows.forEachRemaining(window -> family.dirty.put(window.key, window.value));
            }
        }
    }

    /** Closes, in start order, every window whose end plus grace the close time has reached. */
    private void closeWindows() {
        for (WindowFamily family : families) {
            long bound = closeTime - grace - family.size;
            if (closeTime == UpstreamWatermarks.UNKNOWN || bound < 0) {
                continue;
            }
            // Windows start on the advance grid: only a newly closed grid point can close a window, so most records
            // open no store iterator here.
            long lastClosedStart = bound - bound % family.advance;
            if (lastClosedStart <= family.closedThrough) {
                continue;
            }
            if (family.throttled) {
                // A closing window's pending update is written now, in the transaction that records the close:
                // after a restart only the open windows are re-emitted.
                if (reemitOpenWindows) {
                    reemitOpenWindows();
                }
                flushDirty(family, family.dirty.headMap(WindowFamily.pendingKey(lastClosedStart + 1, "")));
            }
            Map<Long, Map<String, WindowTally>> closing = new TreeMap<>();
            List<String> closed = new ArrayList<>();
            // Every window before the last closed start: the store holds no closed window, so from the beginning.
            try (KeyValueIterator<String, WindowTally> windows = family.counts.range(WindowFamily.pendingKey(0, ""),
                    WindowFamily.pendingKey(lastClosedStart + 1, ""))) {
                windows.forEachRemaining(window -> {
                    closed.add(window.key);
                    closing.computeIfAbsent(WindowFamily.startOf(window.key), start -> new TreeMap<>())
                        .put(WindowFamily.tagOf(window.key), window.value);
                });
            }
            // A closed window can change no more: its tallies go, and the store holds only what is open.
            closed.forEach(family.counts::delete);
            family.closedThrough = lastClosedStart;
            family.dropOpenTallies(lastClosedStart);
            // The decisions depend only on how far each family is closed; the times are kept with it.
            clock.put(CLOSED_THROUGH + family.store, lastClosedStart);
            clock.put(STREAM_TIME, streamTime);
            closing.forEach((start, counts) -> close(family, start, counts));
        }
    }

    private void close(WindowFamily family, long start, Map<String, WindowTally> counts) {
        long end = start + family.size;
        if (settings.emitMode() == EmitMode.FINAL) {
            counts.forEach((tag, tally) -> context.forward(new Record<>(tag, toCount(tag, start, end, tally),
                    end - 1)));
        }
        if (family.trending) {
            rank(start, end, counts);
        }
    }

    /** Phase one of the trending: scores this task's tags in a closed window and forwards its top K. */
    private void rank(long start, long end, Map<String, WindowTally> counts) {
        double weight = settings.trendBaselineWeight();
        List<TagTrend> trends = new ArrayList<>(counts.size());
        counts.forEach((tag, tally) -> {
            long count = tally.count();
            String stored = baselines.get(tag);
            double baseline = 0;
            if (stored != null) {
                int separator = stored.indexOf('@');
                long lastStart = Long.parseLong(stored.substring(separator + 1));
                long windowsSince = (start - lastStart) / (end - start);
                baseline = TrendScore.decayed(Double.parseDouble(stored.substring(0, separator)), windowsSince,
                        weight);
            }
            trends.add(new TagTrend(tag, count, baseline, TrendScore.score(count, baseline,
                    settings.trendSmoothing())));
            baselines.put(tag, TrendScore.updated(baseline, count, weight) + "@" + start);
        });
        PartialRanking partial = new PartialRanking(start, end, context.taskId().partition(),
                TrendScore.top(trends, settings.trendTopK()));
        context.forward(new Record<>(Instant.ofEpochMilli(start).toString(), partial, end - 1));
        if ((start / (end - start)) % PRUNE_EVERY_WINDOWS == 0) {
            pruneBaselines(start, end - start);
        }
    }

    /**
     * Forgets the baselines of tags that vanished: once a baseline has decayed below a billionth of the smoothing
     * pseudo-count, it no longer changes any score measurably, and keeping it would grow the store with every tag
     * ever seen. Runs on a fixed grid of windows, so a restarted task prunes at the same points.
     */
    private void pruneBaselines(long start, long size) {
        List<String> vanished = new ArrayList<>();
        double negligible = settings.trendSmoothing() * NEGLIGIBLE_BASELINE;
        try (KeyValueIterator<String, String> all = baselines.all()) {
            all.forEachRemaining(entry -> {
                int separator = entry.value.indexOf('@');
                long windowsSince = (start - Long.parseLong(entry.value.substring(separator + 1))) / size;
                double decayed = TrendScore.decayed(Double.parseDouble(entry.value.substring(0, separator)),
                        windowsSince + 1, settings.trendBaselineWeight());
                if (decayed < negligible) {
                    vanished.add(entry.key);
                }
            });
        }
        vanished.forEach(baselines::delete);
    }

    private static HashtagCount toCount(String tag, long start, long end, WindowTally tally) {
        return new HashtagCount(tag, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), tally.count(),
                tally.mostCommon());
    }

    private static long valueOr(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    /** One family of windows (the tumbling velocity windows or the hopping ones) and its stores. */
    static final class WindowFamily {

        final String store;

        final boolean throttled;

        /** Updates not yet written (UPDATES mode with an emit interval), by window start then tag. */
        final TreeMap<String, WindowTally> dirty = new TreeMap<>();

        /**
         * The tallies of open windows this task has read or written, by window start then tag: a read cache in front
         * of the store, which stays the truth (every change is put there, and so changelogged and committed), so
         * that counting a mention does not read and decode its tally again. Dropped as windows close and when the
         * task is (re)initialized.
         */
        final TreeMap<Long, Map<String, WindowTally>> open = new TreeMap<>();

        /** How many tallies {@link #open} holds. */
        int openTallies;

        /** The most tallies {@link #open} may hold. */
        final int maxOpenTallies;

        final long size;

        final long advance;

        final boolean trending;

        KeyValueStore<String, WindowTally> counts;

        /** Start of the last window closed, -1 before any. */
        long closedThrough;

        /** Start of the last window whose end stream time has passed (its pending update written), -1 before any. */
        long endedThrough = -1;

        /**
         * @param size window length in millis
         * @param advance how far apart consecutive windows start, in millis (the size, for tumbling windows)
         */
        WindowFamily(String store, long size, long advance, boolean trending, boolean throttled, int maxOpenTallies) {
            this.maxOpenTallies = maxOpenTallies;
            this.store = store;
            this.throttled = throttled;
            this.size = size;
            this.advance = advance;
            this.trending = trending;
        }

        void open(ProcessorContext<?, ?> context) {
            counts = context.getStateStore(store);
            dirty.clear();
            open.clear();
            openTallies = 0;
            endedThrough = -1;
        }

        /** @return the tally of {@code tag} in the open window starting at {@code start}, empty if none yet */
        WindowTally openTally(String tag, long start) {
            Map<String, WindowTally> window = open.computeIfAbsent(start, key -> new HashMap<>());
            WindowTally tally = window.get(tag);
            if (tally == null) {
                WindowTally stored = counts.get(pendingKey(start, tag));
                tally = stored == null ? WindowTally.empty() : stored;
                // Bounded: with more distinct (tag, window) pairs open than this, the rest are read from the store.
                if (openTallies < maxOpenTallies) {
                    window.put(tag, tally);
                    openTallies++;
                }
            }
            return tally;
        }

        /** Forgets the tallies of the windows starting at or before {@code lastClosedStart}, now closed. */
        void dropOpenTallies(long lastClosedStart) {
            Map<Long, Map<String, WindowTally>> closed = open.headMap(lastClosedStart, true);
            closed.values().forEach(window -> openTallies -= window.size());
            closed.clear();
        }

        /** @return the starts of the windows {@code eventTime} falls in, oldest first (on the advance grid) */
        List<Long> startsOf(long eventTime) {
            List<Long> starts = new ArrayList<>(Math.max(1, (int) (size / advance)));
            long last = Math.floorDiv(eventTime, advance) * advance;
            for (long start = last - ((size - 1) / advance) * advance; start <= last; start += advance) {
                if (eventTime < start + size) {
                    starts.add(start);
                }
            }
            return starts;
        }

        /**
         * Keys of the window stores and of the pending updates, which sort by window start, then tag: the start
         * zero-padded to 19 digits, a space, the tag. Only windows at or after 1970 are stored.
         */
        static String pendingKey(long start, String tag) {
            String digits = Long.toString(start);
            return "0".repeat(19 - digits.length()) + digits + ' ' + tag;
        }

        static long startOf(String pendingKey) {
            return Long.parseLong(pendingKey.substring(0, 19));
        }

        static String tagOf(String pendingKey) {
            return pendingKey.substring(20);
        }
    }
}
