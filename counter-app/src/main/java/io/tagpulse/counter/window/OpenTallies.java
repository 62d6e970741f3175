package io.tagpulse.counter.window;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The tallies of the open windows a task has read or written, by window start then tag: a bounded read cache in
 * front of the tally store, which stays the truth (every change is put there, and so changelogged and committed),
 * so that counting a mention does not read and decode its tally again. About 200 bytes a tally.
 */
final class OpenTallies {

    private final TreeMap<Long, Map<String, WindowTally>> windows = new TreeMap<>();

    private final int max;

    private final Function<String, WindowTally> load;

    private int size;

    /**
     * @param max the most tallies kept; beyond it, the others are read from the store each time
     * @param load reads a tally from the store by its {@link WindowGrid#key}, {@code null} if there is none
     */
    OpenTallies(int max, Function<String, WindowTally> load) {
        this.max = max;
        this.load = load;
    }

    /** @return the tally of {@code tag} in the open window starting at {@code start}, empty if none yet */
    WindowTally get(long start, String tag) {
        Map<String, WindowTally> window = windows.computeIfAbsent(start, key -> new HashMap<>());
        WindowTally tally = window.get(tag);
        if (tally == null) {
            WindowTally stored = load.apply(WindowGrid.key(start, tag));
            tally = stored == null ? WindowTally.empty() : stored;
            if (size < max) {
                window.put(tag, tally);
                size++;
            }
        }
        return tally;
    }

    /** Forgets the tallies of the windows starting at or before {@code lastClosedStart}, now closed. */
    void dropThrough(long lastClosedStart) {
        Map<Long, Map<String, WindowTally>> closed = windows.headMap(lastClosedStart, true);
        closed.values().forEach(window -> size -= window.size());
        closed.clear();
    }
}
