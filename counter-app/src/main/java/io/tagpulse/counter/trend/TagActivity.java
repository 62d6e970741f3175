package io.tagpulse.counter.trend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

import io.tagpulse.contracts.DayAuthors;

/**
 * One tag's recent activity, by event time, in bounded state: its mentions per {@code bucket} over the short horizon,
 * its distinct authors per {@code authorBucket} (one {@link AuthorSketch} each), and its mentions per
 * {@code baselineBucket} over the long horizon, which is what its baseline is learned from; and, when asked (the
 * global scope), its distinct authors per UTC day ({@link DailyAuthors}). Mentions older than the long horizon are no
 * longer kept; a tag with none left {@linkplain #isIdle is idle} and its state, the days' authors included, can go.
 * <p>
 * Not thread-safe: one stream task owns a tag's activity.
 */
public final class TagActivity {

    private static final long NONE = Long.MIN_VALUE;

    private final TrendRules rules;

    private final long bucketMs;

    private final long authorBucketMs;

    private final long baselineBucketMs;

    /** Mentions per short bucket; slot {@code b mod length} holds bucket {@code b}. */
    private final long[] recent;

    private long newestRecent = NONE;

    private final AuthorSketch[] authors;

    private long newestAuthors = NONE;

    /** Mentions per baseline bucket over the whole long horizon (the short horizon included). */
    private final long[] history;

    private long newestHistory = NONE;

    /** Its distinct authors per UTC day, or {@code null} when not kept (scopes other than global). */
    private DailyAuthors daily;

    /** An activity without distinct authors per day. */
    public TagActivity(TrendRules rules) {
        this(rules, false);
    }

    /** An activity that keeps its distinct authors per UTC day when {@code daily}. */
    public TagActivity(TrendRules rules, boolean daily) {
        this.rules = rules;
        this.bucketMs = rules.bucket().toMillis();
        this.authorBucketMs = rules.authorBucket().toMillis();
        this.baselineBucketMs = rules.baselineBucket().toMillis();
        this.recent = new long[rules.shortBuckets()];
        this.authors = new AuthorSketch[rules.authorBuckets() + 1];
        this.history = new long[rules.baselineBuckets()];
        this.daily = daily ? new DailyAuthors() : null;
    }

    /**
     * Adds {@code count} mentions at {@code eventTime} by the authors of {@code by} (which may be {@code null} when
     * the authors were added otherwise). Mentions older than what each part keeps are left out of that part only.
     */
    public void add(long eventTime, long count, AuthorSketch by) {
        long b = Math.floorDiv(eventTime, bucketMs);
        newestRecent = advance(recent, newestRecent, b);
        if (b > newestRecent - recent.length) {
            recent[slot(b, recent.length)] += count;
        }
        if (by != null && !by.isEmpty()) {
            authorsAt(eventTime).ifPresentAddAll(by);
            if (daily != null) {
                daily.addAll(eventTime, by);
            }
        }
        long h = Math.floorDiv(eventTime, baselineBucketMs);
        newestHistory = advance(history, newestHistory, h);
        if (h > newestHistory - history.length) {
            history[slot(h, history.length)] += count;
        }
    }

    /** Adds one mention by one author (an {@link AuthorSketch#keyOf} key). */
    public void add(long eventTime, String authorKey) {
        add(eventTime, 1, null);
        authorsAt(eventTime).ifPresentAdd(authorKey);
        if (daily != null) {
            daily.add(eventTime, authorKey);
        }
    }

    /**
     * @return the distinct authors per UTC day of the week up to {@code now}'s day, newest first (see
     *         {@link DailyAuthors#upTo}); empty when this activity keeps none
     */
    public List<DayAuthors> authorsByDay(long now) {
        return daily == null ? List.of() : daily.upTo(now);
    }

    /**
     * @param now the moment judged (event time)
     * @param observedSince since when mentions have been observed at all (the trend stage's first event time): a
     *        tag without mentions in that time had none, while before it nothing is known
     * @return this tag's short horizon against its baseline at {@code now}
     */
    public Assessment assess(long now, long observedSince) {
        long nowBucket = Math.floorDiv(now, bucketMs);
        long mentions = sum(recent, newestRecent, nowBucket - recent.length + 1, nowBucket);
        long minuteBuckets = Math.max(1, 60_000 / bucketMs);
        long lastMinute = sum(recent, newestRecent, nowBucket - minuteBuckets + 1, nowBucket);
        long ratePerMinute = Math.round(lastMinute * 60_000.0 / (minuteBuckets * bucketMs));

        AuthorSketch union = new AuthorSketch();
        long nowAuthors = Math.floorDiv(now, authorBucketMs);
        // The author buckets that cover the short horizon: one more than it holds whole, so that its oldest part is
        // covered too (the authors may be over-counted by at most one author bucket's, never under-counted).
        long firstAuthors = Math.floorDiv(now - rules.shortHorizon().toMillis() + 1, authorBucketMs);
        for (long a = firstAuthors; a <= nowAuthors; a++) {
            AuthorSketch sketch = a <= newestAuthors && a > newestAuthors - authors.length
                    ? authors[slot(a, authors.length)] : null;
            if (sketch != null) {
                union.addAll(sketch);
            }
        }
        // Never more authors than mentions: the sketches may cover a little more than the short horizon (above) and
        // estimate within a few percent, while each mention has one author.
        long distinct = Math.min(union.estimate(), mentions);

        double expected = expected(now, observedSince);
        long counted = Math.min(mentions, distinct * rules.perAuthorCap());
        double lift = counted / expected;
        double score = Significance.score(counted, expected);
        boolean warm = observedBaseline(now, observedSince) >= rules.warmUp().toMillis();
        boolean qualifies = warm && mentions >= rules.minMentions() && distinct >= rules.minAuthors()
                && lift >= rules.minLift() && score >= rules.enterScore();
        return new Assessment(mentions, distinct, counted, expected, lift, score, ratePerMinute, qualifies);
    }

    /**
     * The mentions expected in a short horizon ending at {@code now}: the tag's own rate over the observed part of the
     * long horizon before the short one, and never less than the prior rate, which is what a tag never seen before
     * is expected at.
     */
    double expected(long now, long observedSince) {
        long shortMs = rules.shortHorizon().toMillis();
        long end = Math.floorDiv(now - shortMs, baselineBucketMs); // exclusive: buckets before the short horizon
        long start = Math.max(end - (history.length - shortMs / baselineBucketMs),
                Math.floorDiv(observedSince + baselineBucketMs - 1, baselineBucketMs)); // whole buckets observed
        double prior = rules.priorRatePerHour() / 3_600_000.0 * shortMs;
        if (start >= end) {
            return prior;
        }
        double own = sum(history, newestHistory, start, end - 1) / ((end - start) * (double) baselineBucketMs)
                * shortMs;
        return Math.max(own, prior);
    }

    /**
     * @return the mentions in the short horizon that ends at the newest mention's bucket: cheap (no sketch is read),
     *         for deciding whether the tag is worth judging at all
     */
    public long recentMentions() {
        return sum(recent, newestRecent, newestRecent - recent.length + 1, newestRecent);
    }

    /**
     * @return how much of the baseline a short horizon ending at {@code now} is judged against has been observed, in
     *         milliseconds: the whole baseline buckets between {@code observedSince} and the short horizon (a bucket
     *         observed in part would read as a low rate, and every busy tag would look like a surge against it)
     */
    long observedBaseline(long now, long observedSince) {
        long end = Math.floorDiv(now - rules.shortHorizon().toMillis(), baselineBucketMs);
        long start = Math.floorDiv(observedSince + baselineBucketMs - 1, baselineBucketMs);
        return Math.max(0, end - start) * baselineBucketMs;
    }

    /** @return whether nothing of this tag is left in the long horizon at {@code now} */
    public boolean isIdle(long now) {
        return newestHistory == NONE
                || newestHistory <= Math.floorDiv(now, baselineBucketMs) - history.length;
    }

    private Slot authorsAt(long eventTime) {
        long a = Math.floorDiv(eventTime, authorBucketMs);
        newestAuthors = advanceSketches(a);
        if (a <= newestAuthors - authors.length) {
            return Slot.NOWHERE;
        }
        int i = slot(a, authors.length);
        if (authors[i] == null) {
            authors[i] = new AuthorSketch();
        }
        return new Slot(authors[i]);
    }

    private long advanceSketches(long bucket) {
        if (newestAuthors == NONE) {
            return bucket;
        }
        if (bucket <= newestAuthors) {
            return newestAuthors;
        }
        long clear = Math.min(bucket - newestAuthors, authors.length);
        for (long a = newestAuthors + 1; a <= newestAuthors + clear; a++) {
            authors[slot(a, authors.length)] = null;
        }
        return bucket;
    }

    /** Moves a ring forward to {@code bucket}, clearing the slots it reuses. */
    private static long advance(long[] ring, long newest, long bucket) {
        if (newest == NONE) {
            return bucket;
        }
        if (bucket <= newest) {
            return newest;
        }
        long clear = Math.min(bucket - newest, ring.length);
        for (long b = newest + 1; b <= newest + clear; b++) {
            ring[slot(b, ring.length)] = 0;
        }
        return bucket;
    }

    /** @return the sum of buckets {@code from..to} (inclusive) that the ring still holds */
    private static long sum(long[] ring, long newest, long from, long to) {
        if (newest == NONE) {
            return 0;
        }
        long first = Math.max(from, newest - ring.length + 1);
        long last = Math.min(to, newest);
        long total = 0;
        for (long b = first; b <= last; b++) {
            total += ring[slot(b, ring.length)];
        }
        return total;
    }

    private static int slot(long bucket, int length) {
        return (int) Math.floorMod(bucket, (long) length);
    }

    /** Where an author goes: a bucket's sketch, or nowhere when the bucket is older than the short horizon. */
    private record Slot(AuthorSketch sketch) {

        static final Slot NOWHERE = new Slot(null);

        void ifPresentAdd(String authorKey) {
            if (sketch != null) {
                sketch.add(authorKey);
            }
        }

        void ifPresentAddAll(AuthorSketch other) {
            if (sketch != null) {
                sketch.addAll(other);
            }
        }
    }

    /** @return this activity in a compact form for a state store, read back by {@link #fromBytes} */
    public byte[] toBytes() {
        // Sized for the whole encoding up front (the sketches' encodings are kept), so it is never copied to grow.
        int size = 64 + (recent.length + history.length) * (Integer.BYTES + Long.BYTES);
        for (AuthorSketch sketch : authors) {
            size += Integer.BYTES + (sketch == null || sketch.isEmpty() ? 0 : sketch.toBytes().length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size + (daily == null ? 0 : daily.encodedSize()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(daily == null ? 2 : 3); // 3: with the days' authors at the end
            writeRing(out, recent, newestRecent);
            writeRing(out, history, newestHistory);
            out.writeLong(newestAuthors);
            out.writeInt(authors.length);
            for (AuthorSketch sketch : authors) {
                byte[] serialized = sketch == null || sketch.isEmpty() ? new byte[0] : sketch.toBytes();
                out.writeInt(serialized.length);
                out.write(serialized);
            }
            if (daily != null) {
                daily.write(out);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * @return whether the activity {@link #toBytes} wrote is {@linkplain #isIdle idle} at {@code now}, read from its
     *         history ring's header alone (no sketch is decoded): what a sweep of the store asks of every entry
     */
    public static boolean isIdle(byte[] bytes, TrendRules rules, long now) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get(); // format
        in.getLong(); // the recent ring's newest bucket
        in.getInt(); // its length
        int nonZero = in.getInt();
        in.position(in.position() + nonZero * (Integer.BYTES + Long.BYTES)); // its non-zero slots
        long newestHistory = in.getLong();
        return newestHistory == NONE || newestHistory <= Math.floorDiv(now, rules.baselineBucket().toMillis())
                - rules.baselineBuckets();
    }

    /** @return the activity {@link #toBytes} wrote, under the same rules */
    public static TagActivity fromBytes(byte[] bytes, TrendRules rules) {
        return fromBytes(bytes, rules, false);
    }

    /**
     * @param daily whether the activity keeps its distinct authors per day: one written without them (formats 1 and
     *        2, or by an older release) starts keeping them from now on
     * @return the activity {@link #toBytes} wrote, under the same rules
     */
    public static TagActivity fromBytes(byte[] bytes, TrendRules rules, boolean daily) {
        TagActivity activity = new TagActivity(rules, daily);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readByte();
            if (format < 1 || format > 3) {
                throw new IllegalArgumentException("unknown tag activity format " + format);
            }
            activity.newestRecent = readRing(in, activity.recent);
            activity.newestHistory = readRing(in, activity.history);
            activity.newestAuthors = in.readLong();
            // Format 1 kept one author sketch fewer; sketches kept under other rules sit in other slots. Either way
            // they are dropped (the distinct authors restart from this moment) rather than misread.
            int sketches = format == 1 ? activity.authors.length - 1 : in.readInt();
            boolean keep = format >= 2 && sketches == activity.authors.length;
            for (int i = 0; i < sketches; i++) {
                byte[] serialized = new byte[in.readInt()];
                in.readFully(serialized);
                if (keep) {
                    activity.authors[i] = serialized.length == 0 ? null : AuthorSketch.fromBytes(serialized);
                }
            }
            if (!keep) {
                activity.newestAuthors = NONE;
            }
            if (format == 3) {
                DailyAuthors written = DailyAuthors.read(in);
                activity.daily = daily ? written : null;
            }
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("unreadable tag activity (were the trend rules changed?)", ex);
        }
        return activity;
    }

    /** A ring as its newest bucket and its non-zero slots, oldest first, so an idle tag costs a few bytes. */
    private static void writeRing(DataOutputStream out, long[] ring, long newest) throws IOException {
        out.writeLong(newest);
        out.writeInt(ring.length);
        int nonZero = 0;
        for (long count : ring) {
            if (count != 0) {
                nonZero++;
            }
        }
        out.writeInt(nonZero);
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] != 0) {
                out.writeInt(i);
                out.writeLong(ring[i]);
            }
        }
    }

    private static long readRing(DataInputStream in, long[] ring) throws IOException {
        long newest = in.readLong();
        if (in.readInt() != ring.length) {
            throw new IOException("the ring's length differs from the rules'");
        }
        int nonZero = in.readInt();
        for (int i = 0; i < nonZero; i++) {
            ring[in.readInt()] = in.readLong();
        }
        return newest;
    }
}
