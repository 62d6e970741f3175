package io.tagpulse.counter.window;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tagpulse.contracts.LateMention;
import io.tagpulse.counter.support.DecodedStore;
import io.tagpulse.counter.support.StageOutput;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts one window size (the tumbling velocity windows, or the hopping ones) into its tally store, per task, and
 * closes its windows as the close time passes them.
 * <p>
 * A mention is counted in each of its windows that is open, and each changed tally goes to {@link Stage#events()} as
 * a {@link TallyChange}; for each window it is late for ({@link LateRule}) it goes to {@link Stage#late()} instead.
 * When the close time reaches a window's end plus grace, the window's tallies are deleted from the store, which so
 * holds exactly the open windows, and the window goes, in start order, as a {@link ClosedWindow} to the events and,
 * for the velocity windows, to {@link Stage#closed()} (the trend). How far the windows are closed is kept in the
 * clock store, so a restarted or migrated task, or a replay, tells late mentions the same way.
 * <p>
 * Processor API, and a key-value store rather than a window store: a DSL windowed aggregation (and a window store)
 * closes and drops windows by stream time, the newest event time seen, which made mentions still to come from a
 * partition read behind the others late. Here a window stays, however far the newest mention has run ahead, until
 * the watermarks close it, and the same close tells which mentions are late.
 */
public final class WindowCountProcessor implements Processor<String, WindowInput, String, Object> {

    /**
     * The most open-window tallies one task keeps on the heap per window size: about 200 bytes each, so at most
     * ~2 MB per task and size; the benchmark's 500 tags need about 1,500 per partition.
     */
    public static final int MAX_OPEN_TALLIES = 10_000;

    private static final String CLOSED_THROUGH = "closed-through:";

    private final Stage stage;

    private final WindowGrid grid;

    private final StageOutput<WindowEvent> events;

    private final StageOutput<LateMention> late;

    private final StageOutput<ClosedWindow> closed;

    private ProcessorContext<String, Object> context;

    private DecodedStore<WindowTally> tallies;

    /** How long after its end, by the wall clock, each window closed (avg and max in milliseconds, rate, total). */
    private Sensor closeDelay;

    private KeyValueStore<String, Long> clock;

    /** Start of the last window closed, -1 before any. */
    private long closedThrough;

    private WindowCountProcessor(Stage stage) {
        this.stage = stage;
        this.grid = stage.grid();
        this.events = stage.events();
        this.late = stage.late();
        this.closed = stage.closedOutput() ? stage.closed() : null;
    }

    /**
     * The stage counting one window size, and its outputs, named after its store.
     *
     * @param store the name of the store of the open windows' tallies (keys: {@link WindowGrid#key})
     * @param grid the window size
     * @param rule when a mention is late
     * @param maxOpenTallies the most open tallies kept on the heap
     * @param closedOutput whether closed windows also go to {@link #closed()}
     */
    public record Stage(String store, WindowGrid grid, LateRule rule, int maxOpenTallies, boolean closedOutput)
            implements ProcessorSupplier<String, WindowInput, String, Object> {

        /** @return each tally changed and each window closed, in order, for the emission of the counts */
        public StageOutput<WindowEvent> events() {
            return new StageOutput<>(store + "-events", WindowEvent.class);
        }

        /** @return each mention for each window it is late for, keyed by tag */
        public StageOutput<LateMention> late() {
            return new StageOutput<>(store + "-late", LateMention.class);
        }

        /** @return each closed window, keyed by its start; only with {@code closedOutput} */
        public StageOutput<ClosedWindow> closed() {
            return new StageOutput<>(store + "-closed", ClosedWindow.class);
        }

        @Override
        public Processor<String, WindowInput, String, Object> get() {
            return new WindowCountProcessor(this);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(DecodedStore.builder(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                            Serdes.ByteArray()).withCachingDisabled(),
                    WindowTally::toBytes, (key, bytes) -> WindowTally.fromBytes(bytes), maxOpenTallies));
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.tallies = DecodedStore.over(context.getStateStore(stage.store()), WindowTally::toBytes,
                (key, bytes) -> WindowTally.fromBytes(bytes), stage.maxOpenTallies());
        this.clock = context.getStateStore(WatermarkClockProcessor.STORE);
        this.closeDelay = context.metrics().addLatencyRateTotalSensor(WatermarkClockProcessor.METRIC_SCOPE,
                context.taskId() + "-" + stage.store(), "window-close", Sensor.RecordingLevel.INFO);
        Long stored = clock.get(CLOSED_THROUGH + stage.store());
        closedThrough = stored == null ? -1 : stored;
    }

    @Override
    public void process(Record<String, WindowInput> record) {
        if (record.value() instanceof CloseTime closeTime) {
            close(closeTime.millis());
        }
        else if (record.value() instanceof TimedMention mention) {
            count(mention);
        }
    }

    private void count(TimedMention mention) {
        boolean tooOld = stage.rule().tooOld(mention);
        long last = grid.lastStartOf(mention.eventTime());
        for (long start = grid.firstStartOf(mention.eventTime()); start <= last; start += grid.advance()) {
            long end = start + grid.size();
            if (tooOld) {
                late(mention, stage.rule().tooOld(mention, start, end));
            }
            // Windows start on the grid, so "end + grace <= close time" is "start <= last closed start".
            else if (start <= closedThrough) {
                late(mention, stage.rule().windowClosed(mention, start, end));
            }
            else {
                String key = WindowGrid.key(start, mention.tag());
                WindowTally tally = tallies.get(key);
                tally = (tally == null ? WindowTally.empty() : tally).add(mention.mention().display());
                tallies.put(key, tally); // encoded and written once, before the commit
                events.forward(context, new Record<>(mention.tag(), new TallyChange(mention.tag(), start, end,
                        tally.count(), tally.mostCommon(), mention.eventTime()), mention.arrival()));
            }
        }
    }

    private void late(TimedMention mention, LateMention record) {
        late.forward(context, new Record<>(mention.tag(), record, mention.arrival()));
    }

    /** Closes, in start order, every window whose end plus grace the close time has reached. */
    private void close(long closeTime) {
        long lastClosedStart = stage.rule().lastClosedStart(grid, closeTime);
        // Only a newly closed point of the grid closes a window, so most watermarks open no store iterator here.
        if (lastClosedStart <= closedThrough) {
            return;
        }
        SortedMap<Long, SortedMap<String, WindowTally>> closing = new TreeMap<>();
        // The store holds no closed window: every window up to the last closed start is read from the beginning, and
        // as a closed window can change no more, its tallies go: the store holds only what is open.
        tallies.removeRange(WindowGrid.key(0, ""), WindowGrid.keyAfter(lastClosedStart))
            .forEach((key, tally) -> closing.computeIfAbsent(WindowGrid.startOf(key), start -> new TreeMap<>())
                .put(WindowGrid.tagOf(key), tally));
        closedThrough = lastClosedStart;
        clock.put(CLOSED_THROUGH + stage.store(), lastClosedStart);
        long now = context.currentSystemTimeMs();
        closing.forEach((start, windowTallies) -> {
            ClosedWindow window = new ClosedWindow(start, start + grid.size(), windowTallies);
            closeDelay.record(Math.max(0, now - window.end()), now);
            Record<String, ClosedWindow> record = new Record<>(window.key(), window, window.end() - 1);
            events.forward(context, record);
            if (closed != null) {
                closed.forward(context, record);
            }
        });
    }
}
