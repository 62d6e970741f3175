package io.tagpulse.source.x;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the posts sent last, at most {@code capacity} of them (the oldest forgotten first): what tells a post X
 * sends again after a reconnect (backfill) from a new one, in bounded memory.
 */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return whether {@code id} is new (and now remembered); {@code false} when it was sent already */
    synchronized boolean add(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** @return whether {@code id} is among the remembered ones */
    synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    synchronized int size() {
        return ids.size();
    }
}
