package io.tagpulse.counter.trend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags that appear most with one tag lately, in bounded state: a Space-Saving summary of at most
 * {@code capacity} tags whose counts decay with a half-life (so "lately" needs no time buckets). A tag not in the
 * summary that arrives when it is full takes the place of the weakest, inheriting its count as its possible
 * overestimate, which is how Space-Saving keeps the heavy hitters of a stream in fixed space.
 * <p>
 * <b>Forward decay</b>: a mention at time {@code t} adds {@code 2^((t - landmark) / halfLife)} to its tag's weight,
 * and a weight reads as a count at {@code now} multiplied by {@code 2^(-(now - landmark) / halfLife)}. So adding
 * touches only the tags added, not every tag of the summary; the landmark moves up (every weight scaled down, faded
 * tags dropped) once weights would grow past {@value #RENORMALIZE_HALF_LIVES} half-lives. Weights are doubles in the
 * stored form too, so a summary held between commits and one read back from its bytes answer alike.
 * <p>
 * Not thread-safe: one stream task owns a tag's related tags.
 */
public final class RelatedTags {

    /** The first byte of the stored form (an older form began with its time, whose first byte is 0x00 or 0x80). */
    private static final byte FORMAT = 2;

    /** How many half-lives past its landmark a summary may run before its weights are scaled back. */
    static final int RENORMALIZE_HALF_LIVES = 32;

    /** A count below this has faded: it is not reported and goes at the next renormalization. */
    private static final double FADED = 1e-3;

    private final int capacity;

    private final double halfLifeMs;

    /** Weight per tag, relative to {@link #landmark} (mutable, so adding to a tag's weight allocates nothing). */
    private final Map<String, Weight> weights = new HashMap<>();

    /** The time weights are relative to; {@link Long#MIN_VALUE} before the first mention. */
    private long landmark = Long.MIN_VALUE;

    /** The latest time a mention was added at (an earlier one counts as of this time). */
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
        if (landmark == Long.MIN_VALUE) {
            landmark = time;
            asOf = time;
        }
        if (time > asOf) {
            asOf = time;
            if ((asOf - landmark) / halfLifeMs > RENORMALIZE_HALF_LIVES) {
                renormalize();
            }
        }
        double one = Math.pow(2, (asOf - landmark) / halfLifeMs);
        for (String tag : coTags) {
            Weight weight = weights.get(tag);
            if (weight != null) {
                weight.value += one;
            }
            else if (weights.size() < capacity) {
                weights.put(tag, new Weight(one));
            }
            else {
                Map.Entry<String, Weight> weakest = weakest();
                weights.remove(weakest.getKey());
                weights.put(tag, new Weight(weakest.getValue().value + one));
            }
        }
    }

    /** @return the {@code k} tags seen most with this tag as of {@code now}, most first, with decayed counts */
    public List<Map.Entry<String, Double>> top(long now, int k) {
        double factor = decay(Math.max(now, asOf));
        List<Map.Entry<String, Double>> top = new ArrayList<>();
        weights.forEach((tag, weight) -> {
            double count = weight.value * factor;
            if (count >= FADED) {
                top.add(Map.entry(tag, count));
            }
        });
        top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
        return List.copyOf(top.subList(0, Math.min(k, top.size())));
    }

    /** @return whether every count has decayed to nothing by {@code now}, so the summary can go */
    public boolean isEmpty(long now) {
        return top(now, 1).isEmpty();
    }

    /** The factor that turns a weight into a count at {@code time}. */
    private double decay(long time) {
        return landmark == Long.MIN_VALUE ? 1 : Math.pow(2, -(time - landmark) / halfLifeMs);
    }

    /** Moves the landmark to {@link #asOf}: weights scaled to counts there, faded tags dropped. */
    private void renormalize() {
        double factor = decay(asOf);
        weights.values().forEach(weight -> weight.value *= factor);
        weights.values().removeIf(count -> count.value < FADED);
        landmark = asOf;
    }

    /** The weakest tag; of equal ones, the least in key order (so the choice does not depend on the map's order). */
    private Map.Entry<String, Weight> weakest() {
        Map.Entry<String, Weight> weakest = null;
        for (Map.Entry<String, Weight> entry : weights.entrySet()) {
            double value = entry.getValue().value;
            if (weakest == null || value < weakest.getValue().value
                    || value == weakest.getValue().value && entry.getKey().compareTo(weakest.getKey()) < 0) {
                weakest = entry;
            }
        }
        return weakest;
    }

    /** @return the summary in a compact form for a state store, read back by {@link #fromBytes} */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(24 + weights.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(landmark);
            out.writeLong(asOf);
            out.writeInt(weights.size());
            for (Map.Entry<String, Weight> entry : weights.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeDouble(entry.getValue().value);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * @return the summary {@link #toBytes} wrote; one in the older form (counts as of a time, as floats) reads as
     *         weights with that time as landmark
     */
    public static RelatedTags fromBytes(byte[] bytes, int capacity, long halfLifeMs) {
        RelatedTags related = new RelatedTags(capacity, halfLifeMs);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            boolean older = bytes.length > 0 && bytes[0] != FORMAT;
            if (!older) {
                in.readByte();
                related.landmark = in.readLong();
            }
            related.asOf = in.readLong();
            if (older) {
                related.landmark = related.asOf;
            }
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                related.weights.put(in.readUTF(), new Weight(older ? in.readFloat() : in.readDouble()));
            }
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("unreadable related tags", ex);
        }
        return related;
    }

    /** A tag's weight. */
    private static final class Weight {

        double value;

        Weight(double value) {
            this.value = value;
        }
    }
}
