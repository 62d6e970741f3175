package io.tagpulse.counter.window;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.counter.support.DecodedStore;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Writes the counts of one window size when {@link EmitMode} says, from what its {@link WindowCountProcessor} tells
 * ({@link WindowEvent}s), as {@link HashtagCount}s keyed by tag.
 * <ul>
 * <li>{@code UPDATES} without emit interval: each changed tally's running total, at once.</li>
 * <li>{@code UPDATES} with an emit interval: the windows changed since the last emission, every interval of
 * wall-clock time; a window's waiting update as soon as the newest event time counted passes the window's end,
 * and, for a mention counted after that (late, within grace), within {@value #ENDED_WINDOWS_FLUSH_MILLIS} ms; a
 * closing window's waiting update in the transaction that closes it. Waiting updates are kept in memory, so after a
 * (re)initialization every open window (the whole tally store) is written once more: a crash between a commit and
 * the next emission loses none.</li>
 * <li>{@code FINAL}: each window once, its final tallies, when it closes.</li>
 * </ul>
 * Processor API: it writes on wall-clock time and on the windows' close by the watermarks; the DSL's
 * {@code suppress} writes by stream time only.
 */
public final class CountEmitProcessor implements Processor<String, WindowEvent, String, HashtagCount> {

    /** How often the waiting updates of windows that have already ended are written, in millis. */
    static final long ENDED_WINDOWS_FLUSH_MILLIS = 100;

    private final Stage stage;

    private final WindowGrid grid;

    /**
     * Updates not yet written, by window start, then by tag (kept as numbers and tags, not as store keys: a key built
     * and compared at every change was a tenth of the counter's work).
     */
    private final TreeMap<Long, Map<String, Update>> waiting = new TreeMap<>();

    private ProcessorContext<String, HashtagCount> context;

    /** The newest event time counted: the windows it has passed the end of have ended (not closed). */
    private long streamTime;

    /** Start of the last window whose end stream time has passed (its waiting update written), -1 before any. */
    private long endedThrough;

    private CountEmitProcessor(Stage stage) {
        this.stage = stage;
        this.grid = stage.grid();
    }

    /**
     * The emission of one window size's counts.
     *
     * @param tallyStore the window size's tally store, read when {@link #coalesced()} to write the open windows
     *        again after a (re)initialization
     * @param interval in {@code UPDATES}, how often changed windows are written (zero: at every change)
     */
    public record Stage(WindowGrid grid, EmitMode mode, Duration interval, String tallyStore)
            implements ProcessorSupplier<String, WindowEvent, String, HashtagCount> {

        /** @return whether updates wait in memory between emissions (and the tally store is read) */
        public boolean coalesced() {
            return mode == EmitMode.UPDATES && !interval.isZero();
        }

        @Override
        public Processor<String, WindowEvent, String, HashtagCount> get() {
            return new CountEmitProcessor(this);
        }
    }

    @Override
    public void init(ProcessorContext<String, HashtagCount> context) {
        this.context = context;
        waiting.clear();
        streamTime = -1;
        endedThrough = -1;
        if (stage.coalesced()) {
            // After a restart or a move, every open window is written once more: this restores any update that was
            // counted (and committed) but not yet written. Closed windows are deleted as they close.
            DecodedStore<WindowTally> tallies = DecodedStore.over(context.getStateStore(stage.tallyStore()),
                    WindowTally::toBytes, (key, bytes) -> WindowTally.fromBytes(bytes), 1);
            try (KeyValueIterator<String, byte[]> open = tallies.range(null, null)) {
                open.forEachRemaining(window -> keep(WindowGrid.startOf(window.key), WindowGrid.tagOf(window.key),
                        Update.of(WindowTally.fromBytes(window.value))));
            }
            context.schedule(stage.interval(), PunctuationType.WALL_CLOCK_TIME, now -> write(waiting));
            context.schedule(Duration.ofMillis(ENDED_WINDOWS_FLUSH_MILLIS), PunctuationType.WALL_CLOCK_TIME,
                    now -> writeEndedWindows());
        }
    }

    @Override
    public void process(Record<String, WindowEvent> record) {
        if (record.value() instanceof TallyChange change) {
            changed(change, record.timestamp());
        }
        else if (record.value() instanceof ClosedWindow window) {
            closed(window);
        }
    }

    private void changed(TallyChange change, long timestamp) {
        if (stage.mode() == EmitMode.FINAL) {
            return;
        }
        if (!stage.coalesced()) {
            forward(change.tag(), change.start(), new Update(change.count(), change.display()), timestamp);
            return;
        }
        if (change.eventTime() > streamTime) {
            streamTime = change.eventTime();
            writeEnded();
        }
        keep(change.start(), change.tag(), new Update(change.count(), change.display()));
    }

    private void keep(long start, String tag, Update update) {
        waiting.computeIfAbsent(start, any -> new HashMap<>()).put(tag, update);
    }

    private void closed(ClosedWindow window) {
        if (stage.mode() == EmitMode.FINAL) {
            window.tallies().forEach((tag, tally) -> forward(tag, window.start(), Update.of(tally),
                    window.end() - 1));
        }
        else if (stage.coalesced()) {
            // Written in the transaction that records the close: after a restart only open windows are written.
            write(waiting.headMap(window.start(), true));
        }
    }

    /**
     * Writes at once the waiting updates of the windows stream time has just passed the end of, rather than at the
     * next emission: their counts are final but for late mentions, and the dashboard should not wait up to an emit
     * interval for them. Only a newly passed point of the window grid writes anything, so this costs one comparison
     * per record; the update of a late mention that comes afterwards waits for {@link #writeEndedWindows} (a
     * partition's mentions come slightly out of order, as the processor interleaves the posts' partitions).
     */
    private void writeEnded() {
        long lastEndedStart = grid.lastStartEndedBy(streamTime);
        if (lastEndedStart <= endedThrough) {
            return;
        }
        endedThrough = lastEndedStart;
        write(waiting.headMap(lastEndedStart, true));
    }

    /** Writes the waiting updates of every window that has ended. */
    private void writeEndedWindows() {
        if (endedThrough >= 0 && !waiting.isEmpty()) {
            write(waiting.headMap(endedThrough, true));
        }
    }

    /**
     * Writes the given waiting updates, in window start order (the tags of one window in no particular order: each
     * goes to its own key), and forgets them.
     */
    private void write(Map<Long, Map<String, Update>> updates) {
        updates.forEach((start, byTag) -> byTag
            .forEach((tag, update) -> forward(tag, start, update, start + grid.size() - 1)));
        updates.clear();
    }

    private void forward(String tag, long start, Update update, long timestamp) {
        context.forward(new Record<>(tag, new HashtagCount(tag, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + grid.size()), update.count(), update.display()), timestamp));
    }

    /** A tag's count in a window and its most common display form, as written. */
    private record Update(long count, String display) {

        static Update of(WindowTally tally) {
            return new Update(tally.count(), tally.mostCommon());
        }
    }
}
