package io.tagpulse.counter.trend;

import org.apache.datasketches.hll.Union;

/**
 * The distinct authors of some mentions, as a mergeable HyperLogLog sketch (Apache DataSketches): exact while small
 * (it keeps a list of hashes up to a few dozen authors), then about 3 % relative error in about 1 KB, whatever the
 * number of authors. Sketches of adjacent time buckets merge into the sketch of their union.
 */
public final class AuthorSketch {

    /** log2 of the sketch's registers: 1,024 registers, about 3.3 % relative standard error. */
    static final int LG_K = 10;

    /** A union is itself a sketch that takes both authors and other sketches. */
    private final Union union;

    /** Whether no author has been added (asked of every sketch at every encoding, so kept rather than computed). */
    private boolean empty;

    /**
     * The compact form, kept until the next change: an activity is encoded at every commit it changed in, and most
     * of its sketches (the older author buckets, the days before today) have not changed since the last one.
     */
    private byte[] encoded;

    public AuthorSketch() {
        this(new Union(LG_K));
    }

    /** A sketch of {@code 2^lgK} registers: smaller and less accurate than the default (about 1.04 / sqrt(2^lgK)). */
    public AuthorSketch(int lgK) {
        this(new Union(lgK));
    }

    private AuthorSketch(Union union) {
        this.union = union;
        this.empty = union.isEmpty();
    }

    /**
     * The author key of a mention: its author, or one anonymous author per platform for posts without one (so a
     * platform that hides authors counts as a single author, never as many).
     */
    public static String keyOf(String author, String platform) {
        return author == null || author.isBlank() ? "\u0000anonymous@" + platform : author;
    }

    /** Adds an author (a key from {@link #keyOf}). */
    public void add(String authorKey) {
        if (authorKey == null || authorKey.isEmpty()) {
            return; // as the sketch itself ignores them
        }
        union.update(authorKey);
        empty = false;
        encoded = null;
    }

    /** Adds every author of another sketch. */
    public void addAll(AuthorSketch other) {
        if (!other.empty) {
            union.update(other.union.getResult());
            empty = false;
            encoded = null;
        }
    }

    /** @return the estimated number of distinct authors, rounded (exact for small numbers) */
    public long estimate() {
        return Math.round(union.getEstimate());
    }

    public boolean isEmpty() {
        return empty;
    }

    /** @return the sketch in its compact serialized form (the same array until the sketch changes: do not modify) */
    public byte[] toBytes() {
        if (encoded == null) {
            encoded = union.toCompactByteArray();
        }
        return encoded;
    }

    /** @return the sketch {@link #toBytes} wrote */
    public static AuthorSketch fromBytes(byte[] bytes) {
        return new AuthorSketch(Union.heapify(bytes));
    }
}
