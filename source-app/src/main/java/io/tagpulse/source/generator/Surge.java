package io.tagpulse.source.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.TrendScope;

/**
 * One planned event of the generator's schedule: a tag's activity rises from {@code start} to {@code peak} and falls
 * back by {@code end} (a spam flood is flat from start to end). Trend detection is judged against these: a
 * {@link Kind#SURGE} or {@link Kind#NEW_TAG} should trend in its scope, a {@link Kind#SPAM} flood or a head tag's
 * {@link Kind#SLOW_RISE} should not.
 *
 * @param kind what happens
 * @param tag the tag it happens to, without '#'
 * @param scope the posts it happens in: global, one language's, or one platform's
 * @param start when it begins
 * @param peak when it is strongest
 * @param end when it is over
 * @param peakShare at the peak, the share (0..1) of the scope's posts that carry the tag besides their usual tags (for
 *        a slow rise: how much the head tag's usual rate has grown)
 * @param companions tags that come along with it on about half its posts (its related tags): they surge with it, at
 *        half its rate, so they may trend with it too
 * @param author the one author of a spam flood; {@code null} otherwise (many authors carry it)
 */
public record Surge(Kind kind, String tag, TrendScope scope, Instant start, Instant peak, Instant end,
        double peakShare, List<String> companions, String author) {

    /** What a planned event is. */
    public enum Kind {
        /** An existing mid-rank tag surges, carried by many authors: should trend. */
        SURGE(true),
        /** A tag never seen before surges, carried by many authors: should trend. */
        NEW_TAG(true),
        /** One author posts one tag hundreds of times: must not trend. */
        SPAM(false),
        /** The most common tag's rate slowly rises and falls back, by a share over an hour: must not trend. */
        SLOW_RISE(false);

        private final boolean shouldTrend;

        Kind(boolean shouldTrend) {
            this.shouldTrend = shouldTrend;
        }

        /** @return whether a trend detector should report events of this kind */
        public boolean shouldTrend() {
            return shouldTrend;
        }
    }

    public Surge {
        companions = List.copyOf(companions);
    }

    /** @return whether a trend detector should report this event */
    public boolean shouldTrend() {
        return kind.shouldTrend();
    }

    /** @return how strong the event is at {@code time}: 0 outside it, rising to 1 at the peak and falling to 0 */
    public double intensityAt(Instant time) {
        if (time.isBefore(start) || !time.isBefore(end)) {
            return 0;
        }
        if (kind == Kind.SPAM) {
            return 1;
        }
        if (time.isBefore(peak)) {
            return fraction(Duration.between(start, time), Duration.between(start, peak));
        }
        return 1 - fraction(Duration.between(peak, time), Duration.between(peak, end));
    }

    private static double fraction(Duration part, Duration whole) {
        return whole.isZero() ? 1 : (double) part.toMillis() / whole.toMillis();
    }

    /** @return one line for logs: kind, tag, scope, start, peak, end and whether it should trend */
    public String describe() {
        return "%s #%s in %s from %s, peak %s, until %s (%s%s)".formatted(kind, tag, scope, start, peak, end,
                shouldTrend() ? "should trend" : "must not trend", author == null ? "" : ", author " + author);
    }
}
