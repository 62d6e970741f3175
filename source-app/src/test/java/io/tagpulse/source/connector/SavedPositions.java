package io.tagpulse.source.connector;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** A position store in memory for the live sources' tests: every position saved, in order; loads the last one. */
public class SavedPositions implements PositionStore {

    /** The positions saved, in order (a test may add one to start from). */
    public final List<Long> saved = new CopyOnWriteArrayList<>();

    @Override
    public OptionalLong load() {
        return saved.isEmpty() ? OptionalLong.empty() : OptionalLong.of(saved.get(saved.size() - 1));
    }

    @Override
    public void save(long position) {
        saved.add(position);
    }
}
