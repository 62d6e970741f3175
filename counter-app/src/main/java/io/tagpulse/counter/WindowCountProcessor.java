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
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.TagTrend;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The windowed count, per task (one input partition): counts each mention in every window of its event time,
 * routes mentions that missed a closed window to the late output, emits counts by the {@link EmitMode}, and ranks
 * each closed velocity window's tags (phase one of the trending).
 * <p>
 * <b>Time.</b> Stream time is the newest event time the task has seen. The close time is stream time, except on a
 * quiet task: once stream time has not advanced for {@code quietTimeout} of wall-clock time, the close time advances
 * with the wall clock from there, so the windows of a quiet partition still close. A window {@code [start, end)} is
 * closed once {@code end + grace <= closeTime}; both times only grow and are kept in the changelogged clock store,
 * so a restarted or migrated task makes the same decisions.
 * <p>
 * <b>Late rule.</b> A mention is counted in each of its windows that is still open and written to the late output
 * once for each that is closed, so for every window "counted + late = all its mentions", exactly. In
 * {@link EmitMode#FINAL} a window's final count is written when it closes, and nothing can change it afterwards.
 * <p>
 * Outputs, keyed by tag unless noted: {@link HashtagCount}, {@link LateMention}, and {@link PartialRanking} keyed
 * by the window start.
 */
public final class WindowCountProcessor implements Processor<String, HashtagMention, String, Object> {

    /** Name of the store that holds stream time, close time and how far each window family has been closed. */
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

    private final CounterSettings settings;

    private final List<WindowFamily> families;

    private final long grace;

    private ProcessorContext<String, Object> context;

    private KeyValueStore<String, Long> clock;

    private KeyValueStore<String, String> baselines;

    private Sensor lateSensor;

    private Sensor keylessSensor;

    private long streamTime;

    private long closeTime;

    /** Wall-clock time stream time last advanced, or the task started; -1 until known. */
    private long wallAtAdvance;

    /** Whether the open windows are still to be re-emitted after (re)initialization. */
    private boolean reemitOpenWindows;

    WindowCountProcessor(CounterSettings settings, List<WindowFamily> families) {
        this.settings = settings;
        this.families = families;
        this.grace = settings.grace().toMillis();
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
        closeTime = Math.max(streamTime, valueOr(clock.get(CLOSE_TIME), -1L));
        // Not the context's system time: during init (a restored or migrated task) it is not set yet.
        wallAtAdvance = -1;
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
        context.schedule(tick(settings.quietTimeout()), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /** How often the wall clock is checked for a quiet task: a tenth of the timeout, between 10 ms and 1 s. */
    static Duration tick(Duration quietTimeout) {
        long millis = Math.max(10, Math.min(1_000, quietTimeout.toMillis() / 10));
        return Duration.ofMillis(millis);
    }

    @Override
    public void process(Record<String, HashtagMention> record) {
        if (record.key() == null || record.value() == null) {
            keylessSensor.record();
            return;
        }
        if (reemitOpenWindows) {
            reemitOpenWindows();
        }
        long timestamp = record.timestamp();
        if (wallAtAdvance < 0) {
            wallAtAdvance = context.currentSystemTimeMs();
        }
        if (timestamp > streamTime) {
            streamTime = timestamp;
            wallAtAdvance = context.currentSystemTimeMs();
        }
        if (streamTime > closeTime) {
            closeTime = streamTime;
        }
        // Close first, counting this record's own advance of stream time, as Kafka Streams' window aggregations do.
        closeWindows();
        flushEnded();
        for (WindowFamily family : families) {
            count(family, record, timestamp);
        }
    }

    private void count(WindowFamily family, Record<String, HashtagMention> record, long timestamp) {
        String tag = record.key();
        for (Map.Entry<Long, TimeWindow> entry : family.windows.windowsFor(timestamp).entrySet()) {
            long start = entry.getKey();
            long end = entry.getValue().end();
            // Windows start on the advance grid, so "end + grace <= close time" is "start <= last closed start".
            if (start <= family.closedThrough) {
                lateSensor.record();
                LateMention late = new LateMention(record.value(), Instant.ofEpochMilli(start),
                        Instant.ofEpochMilli(end), Instant.ofEpochMilli(closeTime), closeTime - (end + grace));
                context.forward(new Record<>(tag, late, timestamp));
                continue;
            }
            WindowTally tally = family.openTally(tag, start).add(record.value().display());
            family.counts.put(tag, tally, start);
            if (settings.emitMode() == EmitMode.UPDATES) {
                if (family.throttled) {
                    family.dirty.put(WindowFamily.pendingKey(start, tag), tally);
                }
                else {
                    context.forward(new Record<>(tag, toCount(tag, start, end, tally), timestamp));
                }
            }
        }
    }

    private void onWallClock(long now) {
        if (wallAtAdvance < 0) {
            // First tick after (re)initialization: the quiet period starts now, not at an unknown earlier time.
            wallAtAdvance = now;
        }
        if (streamTime < 0) {
            return;
        }
        long quietFor = now - wallAtAdvance - settings.quietTimeout().toMillis();
        if (quietFor > 0 && streamTime + quietFor > closeTime) {
            closeTime = streamTime + quietFor;
            closeWindows();
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
            try (KeyValueIterator<Windowed<String>, WindowTally> windows = family.counts.fetchAll(
                    Instant.ofEpochMilli(family.closedThrough + 1), Instant.ofEpochMilli(Long.MAX_VALUE))) {
                windows.forEachRemaining(window -> family.dirty.put(
                        WindowFamily.pendingKey(window.key.window().start(), window.key.key()), window.value));
            }
        }
    }

    /** Closes, in start order, every window whose end plus grace the close time has reached. */
    private void closeWindows() {
        for (WindowFamily family : families) {
            long bound = closeTime - grace - family.size;
            if (bound < 0) {
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
            long from = family.closedThrough + 1;
            Map<Long, Map<String, WindowTally>> closing = new TreeMap<>();
            try (KeyValueIterator<Windowed<String>, WindowTally> windows = family.counts.fetchAll(Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(lastClosedStart))) {
                windows.forEachRemaining(window -> closing
                    .computeIfAbsent(window.key.window().start(), start -> new TreeMap<>())
                    .put(window.key.key(), window.value));
            }
            family.closedThrough = lastClosedStart;
            family.dropOpenTallies(lastClosedStart);
            // The decisions depend only on how far each family is closed; the times are kept with it.
            clock.put(CLOSED_THROUGH + family.store, lastClosedStart);
            clock.put(STREAM_TIME, streamTime);
            clock.put(CLOSE_TIME, closeTime);
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

        final TimeWindows windows;

        final long size;

        final long advance;

        final boolean trending;

        WindowStore<String, WindowTally> counts;

        /** Start of the last window closed, -1 before any. */
        long closedThrough;

        /** Start of the last window whose end stream time has passed (its pending update written), -1 before any. */
        long endedThrough = -1;

        WindowFamily(String store, TimeWindows windows, boolean trending, boolean throttled, int maxOpenTallies) {
            this.maxOpenTallies = maxOpenTallies;
            this.store = store;
            this.throttled = throttled;
            this.windows = windows;
            this.size = windows.size();
            this.advance = windows.advanceMs;
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
                WindowTally stored = counts.fetch(tag, start);
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

        /** Pending keys sort by window start, then tag: zero-padded start, a space, the tag. */
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
