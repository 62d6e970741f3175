package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.tagpulse.contracts.TagTrend;

/**
 * The trend formula and the ranking order, in one place.
 * <p>
 * A tag's <em>baseline</em> is the exponentially weighted mean of its counts in its previous windows:
 * {@code b ← w·c + (1−w)·b} after each window, windows without a mention counting as zero (a gap of {@code g}
 * windows multiplies {@code b} by {@code (1−w)^g}). The <em>score</em> of a tag in a window compares its count
 * {@code c} with its baseline before that window: {@code (c + s) / (b + s)}. The smoothing {@code s} keeps a brand-new
 * tag ({@code b = 0}) from being infinitely trending: its score is {@code 1 + c/s}. A big tag at its usual rate scores
 * about 1; a small tag that jumps from 2 to 40 per window scores about 6.
 * <p>
 * Ranking: score descending, then count descending, then tag, so the order is total and deterministic.
 */
public final class TrendScore {

    /** Best first: score, then count, then tag. */
    public static final Comparator<TagTrend> RANKING = Comparator.comparingDouble(TagTrend::score)
        .reversed()
        .thenComparing(Comparator.comparingLong(TagTrend::count).reversed())
        .thenComparing(TagTrend::tag);

    private TrendScore() {
    }

    /** @return the baseline {@code windowsSince} windows after it was last updated, before counting this window */
    public static double decayed(double baseline, long windowsSince, double weight) {
        if (windowsSince <= 1) {
            return baseline;
        }
        return baseline * Math.pow(1 - weight, windowsSince - 1);
    }

    public static double score(long count, double baseline, double smoothing) {
        return (count + smoothing) / (baseline + smoothing);
    }

    public static double updated(double decayedBaseline, long count, double weight) {
        return weight * count + (1 - weight) * decayedBaseline;
    }

    /** @return the best {@code k} of the given trends, best first */
    public static List<TagTrend> top(Collection<TagTrend> trends, int k) {
        List<TagTrend> sorted = new ArrayList<>(trends);
        sorted.sort(RANKING);
        return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
    }
}
