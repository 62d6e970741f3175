package io.tagpulse.counter.trend;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TagActivityTests {

    private static final long MINUTE = 60_000;

    private static final long HOUR = 60 * MINUTE;

    private static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % HOUR;

    /** A pipeline that has watched for an hour before T0. */
    private static final long OBSERVED = T0 - HOUR;

    /** The defaults with a 5-minute short horizon: the arithmetic of these tests is in 5-minute horizons. */
    static final TrendRules RULES = fiveMinuteHorizon();

    private final TrendRules rules = RULES;

    private final TagActivity activity = new TagActivity(rules);

    /** {@code perMinute} mentions a minute from {@code from} to {@code to}, spread evenly, by {@code authors}. */
    private void steady(long from, long to, int perMinute, int authors) {
        long step = MINUTE / perMinute;
        int i = 0;
        for (long t = from; t < to; t += step) {
            activity.add(t, "author-" + (i++ % authors));
        }
    }

    @Test
    void aNewTagIsExpectedAtThePriorRate() {
        assertThat(activity.expected(T0, OBSERVED)).as("6 an hour, over 5 minutes").isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aFreshPipelineWarmsUpBeforeAnythingTrendsThenKnowsItsTagsRates() {
        steady(T0, T0 + 4 * MINUTE, 100, 1_000);

        Assessment first = activity.assess(T0 + 4 * MINUTE - 1, T0);
        assertThat(first.score()).as("with no history yet, every tag looks new").isGreaterThan(20);
        assertThat(first.qualifies()).as("so nothing trends while warming up").isFalse();
        steady(T0 + 4 * MINUTE, T0 + 10 * MINUTE, 100, 1_000);
        Assessment learned = activity.assess(T0 + 10 * MINUTE - 1, T0);
        assertThat(learned.expected()).as("five minutes observed").isCloseTo(500, within(15.0));
        steady(T0 + 10 * MINUTE, T0 + 40 * MINUTE, 100, 1_000);
        Assessment warm = activity.assess(T0 + 40 * MINUTE - 1, T0);
        assertThat(warm.expected()).isCloseTo(500, within(15.0));
        assertThat(warm.qualifies()).isFalse();
    }

    /** A minute against ten, a minute of warm-up: the local runner's and the end-to-end test's compressed rules. */
    private static TrendRules quick() {
        TrendRules d = TrendRules.defaults();
        return new TrendRules(java.time.Duration.ofMinutes(1), d.bucket(), d.authorBucket(),
                java.time.Duration.ofMinutes(10), d.baselineBucket(), d.priorRatePerHour(),
                java.time.Duration.ofMinutes(1), d.minMentions(), d.minAuthors(), d.perAuthorCap(), d.minLift(),
                d.enterScore(), d.exitScore(), d.endDelay(), d.cooldown(), d.hotFraction());
    }

    @Test
    void theWarmUpCountsWholeBaselineBucketsOnlySoABusyTagDoesNotTrendAgainstAPartialOne() {
        TagActivity busy = new TagActivity(quick());
        long observed = T0 + 20_000; // the first mention, 20 s into a baseline minute
        for (long t = observed; t < observed + 3 * MINUTE; t += 50) {
            busy.add(t, "author-" + (t / 50 % 700));
        }
        // Two minutes after the first mention: a minute of short horizon and a minute before it, but no whole
        // baseline minute observed (the one before the short horizon is 40 s observed).
        Assessment atTwoMinutes = busy.assess(observed + 2 * MINUTE, observed);
        assertThat(atTwoMinutes.qualifies()).as("1,200 mentions a minute, as always: no trend").isFalse();
        Assessment later = busy.assess(observed + 3 * MINUTE - 1, observed);
        assertThat(later.expected()).as("a whole minute observed").isCloseTo(1_200, within(30.0));
        assertThat(later.qualifies()).isFalse();
    }

    @Test
    void theAuthorsCoverTheWholeShortHorizonEvenWhenItIsOneAuthorBucketLong() {
        TagActivity surge = new TagActivity(quick());
        // 40 authors in the 50 s before a minute boundary, none after it.
        for (int i = 0; i < 40; i++) {
            surge.add(T0 - 50_000 + i * 1_000, "author-" + i);
        }
        Assessment justAfter = surge.assess(T0 + 5_000, T0 - HOUR);
        assertThat(justAfter.mentions()).isEqualTo(40);
        assertThat(justAfter.authors()).as("the authors of the last minute, not of the current author bucket")
            .isBetween(38L, 42L);
    }

    @Test
    void activityStoredInTheFirstFormatIsReadWithoutItsAuthors() {
        steady(T0, T0 + 5 * MINUTE, 20, 10);
        byte[] current = activity.toBytes();
        // The first format: format byte 1, no sketch count, one sketch fewer (here all empty but the newest ones).
        TagActivity reread = TagActivity.fromBytes(current, rules);
        assertThat(reread.assess(T0 + 5 * MINUTE - 1, OBSERVED).authors()).isEqualTo(10);
        byte[] first = firstFormat(current);
        TagActivity old = TagActivity.fromBytes(first, rules);
        Assessment assessment = old.assess(T0 + 5 * MINUTE - 1, OBSERVED);
        assertThat(assessment.mentions()).as("the counts survive").isEqualTo(100);
        assertThat(assessment.authors()).as("the sketches do not").isZero();
    }

    /** The bytes of the first format: version 1 and no sketch count, with every sketch (of the old count) empty. */
    private byte[] firstFormat(byte[] current) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(current);
        in.get();
        skipRing(in);
        skipRing(in);
        in.getLong();
        int ringsEnd = in.position();
        int sketches = in.getInt() - 1;
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(ringsEnd + sketches * Integer.BYTES);
        out.put(current, 0, ringsEnd);
        out.put(0, (byte) 1);
        for (int i = 0; i < sketches; i++) {
            out.putInt(0);
        }
        return out.array();
    }

    private static void skipRing(java.nio.ByteBuffer in) {
        in.getLong();
        in.getInt();
        int nonZero = in.getInt();
        in.position(in.position() + nonZero * (Integer.BYTES + Long.BYTES));
    }

    @Test
    void aTagWithoutMentionsInTheObservedHistoryIsExpectedAtThePriorRate() {
        steady(T0 + 30 * MINUTE, T0 + 33 * MINUTE, 15, 30);

        Assessment now = activity.assess(T0 + 33 * MINUTE - 1, T0);

        assertThat(now.expected()).isCloseTo(0.5, within(1e-9));
        assertThat(now.qualifies()).isTrue();
    }

    @Test
    void aFewMentionsOfANewTagAreNotATrend() {
        steady(T0, T0 + 5 * MINUTE, 1, 3);

        Assessment now = activity.assess(T0 + 5 * MINUTE - 1, OBSERVED);

        assertThat(now.mentions()).isEqualTo(5);
        assertThat(now.qualifies()).as("%s", now).isFalse();
    }

    @Test
    void aNewTagThatManyAuthorsTakeUpIsATrend() {
        steady(T0, T0 + 3 * MINUTE, 15, 30);

        Assessment now = activity.assess(T0 + 3 * MINUTE - 1, OBSERVED);

        assertThat(now.mentions()).isEqualTo(45);
        assertThat(now.authors()).isEqualTo(30);
        assertThat(now.score()).isGreaterThan(10);
        assertThat(now.ratePerMinute()).isEqualTo(15);
        assertThat(now.qualifies()).isTrue();
    }

    @Test
    void oneAuthorPostingATagFiveHundredTimesIsNotATrend() {
        steady(T0, T0 + 5 * MINUTE, 100, 1);

        Assessment now = activity.assess(T0 + 5 * MINUTE - 1, OBSERVED);

        assertThat(now.mentions()).isEqualTo(500);
        assertThat(now.counted()).as("one author counts %d at most", rules.perAuthorCap()).isEqualTo(3);
        assertThat(now.qualifies()).isFalse();
    }

    @Test
    void aHeadTagsOrdinaryRiseIsNotATrendButASurgeIs() {
        steady(T0, T0 + HOUR, 100, 1_000);
        steady(T0 + HOUR, T0 + HOUR + 5 * MINUTE, 115, 1_000);

        Assessment rise = activity.assess(T0 + HOUR + 5 * MINUTE - 1, OBSERVED);
        assertThat(rise.expected()).isCloseTo(500, within(15.0));
        assertThat(rise.score()).as("significant").isGreaterThan(3);
        assertThat(rise.qualifies()).as("but a lift of %.2f", rise.lift()).isFalse();

        steady(T0 + HOUR + 5 * MINUTE, T0 + HOUR + 10 * MINUTE, 400, 1_000);
        assertThat(activity.assess(T0 + HOUR + 10 * MINUTE - 1, OBSERVED).qualifies()).isTrue();
    }

    @Test
    void theBaselineLearnsSoALastingLevelStopsTrending() {
        steady(T0, T0 + 90 * MINUTE, 30, 200);

        TagActivity fresh = new TagActivity(rules);
        for (long t = T0; t < T0 + 5 * MINUTE; t += 2_000) {
            fresh.add(t, "author-" + t);
        }
        assertThat(fresh.assess(T0 + 5 * MINUTE - 1, OBSERVED).qualifies()).as("the same start, judged then").isTrue();
        Assessment later = activity.assess(T0 + 90 * MINUTE - 1, OBSERVED);
        assertThat(later.expected()).isCloseTo(150, within(10.0));
        assertThat(later.qualifies()).isFalse();
    }

    @Test
    void mentionsOutOfOrderWithinTheHorizonCount() {
        for (int i = 0; i < 30; i++) {
            long t = T0 + 4 * MINUTE - (i * 7_919L) % (4 * MINUTE);
            activity.add(t, "author-" + i);
        }
        assertThat(activity.assess(T0 + 4 * MINUTE, OBSERVED).mentions()).isEqualTo(30);
        assertThat(activity.assess(T0 + 4 * MINUTE, OBSERVED).authors()).isEqualTo(30);
    }

    @Test
    void theShortHorizonForgetsAndTheLongOneGoesIdle() {
        steady(T0, T0 + MINUTE, 20, 20);

        assertThat(activity.assess(T0 + 6 * MINUTE, OBSERVED).mentions()).isZero();
        assertThat(activity.assess(T0 + 6 * MINUTE, OBSERVED).authors()).isZero();
        assertThat(activity.isIdle(T0 + 30 * MINUTE)).isFalse();
        assertThat(activity.isIdle(T0 + HOUR + MINUTE)).isTrue();
        // As a sweep reads it from the store, without decoding it.
        byte[] stored = activity.toBytes();
        assertThat(TagActivity.isIdle(stored, RULES, T0 + 30 * MINUTE)).isFalse();
        assertThat(TagActivity.isIdle(stored, RULES, T0 + HOUR + MINUTE)).isTrue();
        assertThat(TagActivity.isIdle(new TagActivity(RULES).toBytes(), RULES, T0))
            .isTrue();
    }

    @Test
    void aMentionTooOldForEveryPartIsLeftOut() {
        activity.add(T0 + 2 * HOUR, "late-riser");
        activity.add(T0, "ancient");

        assertThat(activity.assess(T0 + 2 * HOUR, OBSERVED).mentions()).isEqualTo(1);
        assertThat(activity.assess(T0 + 2 * HOUR, OBSERVED).authors()).isEqualTo(1);
    }

    @Test
    void aSavedActivityAssessesAsTheLiveOne() {
        steady(T0, T0 + HOUR, 7, 50);
        steady(T0 + HOUR, T0 + HOUR + 4 * MINUTE, 60, 80);

        TagActivity restored = TagActivity.fromBytes(activity.toBytes(), rules);

        long now = T0 + HOUR + 4 * MINUTE;
        assertThat(restored.assess(now, OBSERVED)).isEqualTo(activity.assess(now, OBSERVED));
        restored.add(now, "newcomer");
        activity.add(now, "newcomer");
        assertThat(restored.assess(now, OBSERVED)).isEqualTo(activity.assess(now, OBSERVED));
    }

    @Test
    void anIdleTagsStateIsSmall() {
        activity.add(T0, "one");

        assertThat(activity.toBytes().length).isLessThan(200);
    }

    private static TrendRules fiveMinuteHorizon() {
        TrendRules d = TrendRules.defaults();
        return new TrendRules(Duration.ofMinutes(5), d.bucket(), d.authorBucket(), d.longHorizon(),
                d.baselineBucket(), d.priorRatePerHour(), d.warmUp(), d.minMentions(), d.minAuthors(),
                d.perAuthorCap(), d.minLift(), d.enterScore(), d.exitScore(), d.endDelay(), d.cooldown(),
                d.hotFraction());
    }
}
