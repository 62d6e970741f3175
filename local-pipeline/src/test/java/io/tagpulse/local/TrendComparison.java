package io.tagpulse.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tagpulse.contracts.TrendUpdate;
import org.apache.kafka.streams.KeyValue;

/**
 * The trend updates a pipeline wrote against a reference, key by key ({@code <scope>|<tag>}): for each key the
 * ordered list of updates must be equal, record for record and field for field (trend id, scope, tag, status, start,
 * peak, end, the time judged, mentions, authors, score, related tags...). Per key, because one key's updates come
 * from one counter task through one producer, in the order the task judged them; there is no order across keys.
 *
 * @param trendIds the distinct trend ids of the reference
 * @param ended how many of them the reference ends ({@link TrendUpdate#ENDED})
 * @param updates how many updates the reference holds
 * @param differences what differs, one line each: a key's first differing update, or its updates missing or extra
 */
record TrendComparison(Set<String> trendIds, int ended, int updates, List<String> differences) {

    /**
     * @param expected the reference's updates in order, each collection one source of order (a partition)
     * @param actual the updates written, likewise
     */
    static TrendComparison of(Collection<? extends List<KeyValue<String, TrendUpdate>>> expected,
            Collection<? extends List<KeyValue<String, TrendUpdate>>> actual) {
        Map<String, List<TrendUpdate>> want = byKey(expected);
        Map<String, List<TrendUpdate>> got = byKey(actual);
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(got.keySet());
        for (String key : keys) {
            List<TrendUpdate> w = want.getOrDefault(key, List.of());
            List<TrendUpdate> g = got.getOrDefault(key, List.of());
            int common = Math.min(w.size(), g.size());
            int first = 0;
            while (first < common && Objects.equals(w.get(first), g.get(first))) {
                first++;
            }
            if (first < common) {
                differences.add("%s: update %d of %d differs: expected %s, written %s".formatted(key, first + 1,
                        w.size(), w.get(first), g.get(first)));
            }
            else if (w.size() != g.size()) {
                differences.add("%s: %d updates expected, %d written (%s)".formatted(key, w.size(), g.size(),
                        w.size() > g.size() ? "missing from " + w.get(common) : "extra from " + g.get(common)));
            }
        }
        Map<String, TrendUpdate> last = new LinkedHashMap<>();
        want.values().forEach(updates -> updates.forEach(update -> last.put(update.trendId(), update)));
        int ended = (int) last.values().stream().filter(update -> TrendUpdate.ENDED.equals(update.status())).count();
        int updates = want.values().stream().mapToInt(List::size).sum();
        return new TrendComparison(new TreeSet<>(last.keySet()), ended, updates, List.copyOf(differences));
    }

    private static Map<String, List<TrendUpdate>> byKey(
            Collection<? extends List<KeyValue<String, TrendUpdate>>> sources) {
        Map<String, List<TrendUpdate>> byKey = new TreeMap<>();
        sources.forEach(source -> source.forEach(
                record -> byKey.computeIfAbsent(record.key, key -> new ArrayList<>()).add(record.value)));
        return byKey;
    }
}
