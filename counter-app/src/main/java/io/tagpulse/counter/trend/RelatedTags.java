package io.tagpulse.counter.trend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags that appear most with one tag lately, in bounded state: a Space-Saving summary of at most
 * {@code capacity} tags whose counts decay with a half-life (so "lately" needs no time buckets). A tag not in the
 * summary that arrives when it is full takes the place of the weakest, inheriting its count as its possible
 * overestimate, which is how Space-Saving keeps the heavy hitters of a stream in fixed space.
 * <p>
 * Not thread-safe: one stream task owns a tag's related tags.
 */
public final class RelatedTags {

    private final int capacity;

    private final double halfLifeMs;

    /** Decayed count per tag, as of {@link #asOf}. */
    private final Map<String, Double> counts = new LinkedHashMap<>();

    private long asOf = Long.MIN_VALUE;

    public RelatedTags(int capacity, long halfLifeMs) {
        if (capacity < 1 || halfLifeMs < 1) {
            throw new IllegalArgumentException("capacity and half-life must be positive");
        }
        this.capacity = capacity;
        this.halfLifeMs = halfLifeMs;
    }

    /** Counts the tags of one post seen with this tag at {@code time} (times may come slightly out of order). */
    public void add(long time, List<String> coTags) {
        decayTo(time);
        for (String tag : coTags) {
            Double count = counts.get(tag);
            if (count != null) {
                counts.put(tag, count + 1);
            }
            else if (counts.size() < capacity) {
                counts.put(tag, 1.0);
            }
            else {
                String weakest = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
                double inherited = counts.remove(weakest);
                counts.put(tag, inherited + 1);
            }
        }
        // Kept at the precision toBytes keeps, so a summary held decoded between commits behaves exactly as one
        // read back from its bytes after every mention (as a restarted task reads it).
        counts.replaceAll((tag, count) -> (double) count.floatValue());
    }

    /** @return the {@code k} tags seen most with this tag as of {@code now}, most first, with decayed counts */
    public List<Map.Entry<String, Double>> top(long now, int k) {
        double factor = asOf == Long.MIN_VALUE || now <= asOf ? 1 : Math.pow(0.5, (now - asOf) / halfLifeMs);
        List<Map.Entry<String, Double>> top = new ArrayList<>();
        counts.forEach((tag, count) -> top.add(Map.entry(tag, count * factor)));
        top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
        return List.copyOf(top.subList(0, Math.min(k, top.size())));
    }

    /** @return whether every count has decayed to nothing by {@code now}, so the summary can go */
    public boolean isEmpty(long now) {
        return top(now, 1).stream().allMatch(entry -> entry.getValue() < 1e-3);
    }

    private void decayTo(long time) {
        if (asOf == Long.MIN_VALUE) {
            asOf = time;
            return;
        }
        if (time <= asOf) {
            return;
        }
        double factor = Math.pow(0.5, (time - asOf) / halfLifeMs);
        counts.replaceAll((tag, count) -> count * factor);
        counts.values().removeIf(count -> count < 1e-3);
        asOf = time;
    }

    /** @return the summary in a compact form for a state store, read back by {@link #fromBytes} */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + counts.size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(asOf);
            out.writeInt(counts.size());
            for (Map.Entry<String, Double> entry : counts.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeFloat(entry.getValue().floatValue());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** @return the summary {@link #toBytes} wrote */
    public static RelatedTags fromBytes(byte[] bytes, int capacity, long halfLifeMs) {
        RelatedTags related = new RelatedTags(capacity, halfLifeMs);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            related.asOf = in.readLong();
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                related.counts.put(in.readUTF(), (double) in.readFloat());
            }
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("unreadable related tags", ex);
        }
        return related;
    }
}
