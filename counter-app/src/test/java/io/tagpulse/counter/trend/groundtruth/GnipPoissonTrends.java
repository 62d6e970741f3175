package io.tagpulse.counter.trend.groundtruth;

import java.util.HashMap;
import java.util.Map;

/**
 * Twitter/Gnip's Poisson background model as a baseline, after "Trend Detection in Social Data" (Hendrickson, Kolb,
 * Lehman, Montague; Twitter, 2015) and its code ({@code gnip_trend_detection/models.py}, class {@code Poisson}, mode
 * {@code lc}): the expected count {@code μ} of an interval is the count of the interval before; the figure of merit is
 * {@code η = (c − μ) / (q₀.₉₉₅(μ) − q₀.₀₀₅(μ))}, the deviation measured in widths of the 99 % Poisson interval around
 * {@code μ} (the paper's sensitivity over relative confidence interval), 0 when {@code μ = 0}; a tag trends when
 * {@code η > θ}. Only increases trend here (the paper's code takes the absolute deviation, and a vanishing tag is no
 * trend). {@code θ = 1}: a count a whole interval width (about 5 standard deviations) above the expected, the bar of
 * ours ({@code enter-score} 5). The interval is the period given (the short horizon of ours), slid at every refresh.
 */
final class GnipPoissonTrends {

    static final double ALPHA = 0.99;

    static final double THETA = 1;

    private final Map<Long, Double> widths = new HashMap<>();

    /** @return η of a scope-and-tag's current count against the previous one */
    double eta(PeriodUses.Uses uses) {
        long mean = uses.mentionsBefore();
        if (mean == 0 || uses.mentions() <= mean) {
            return 0;
        }
        return (uses.mentions() - mean) / widths.computeIfAbsent(mean, GnipPoissonTrends::intervalWidth);
    }

    static boolean trends(double eta) {
        return eta > THETA;
    }

    /** @return the width of the central {@link #ALPHA} interval of a Poisson law of mean {@code mean}, as scipy's */
    static double intervalWidth(long mean) {
        double low = (1 - ALPHA) / 2;
        double high = 1 - low;
        double logMean = Math.log(mean);
        double logPmf = -mean; // ln P(0)
        double cdf = 0;
        long lower = -1;
        for (long k = 0;; k++) {
            if (k > 0) {
                logPmf += logMean - Math.log(k);
            }
            cdf += Math.exp(logPmf);
            if (lower < 0 && cdf >= low) {
                lower = k;
            }
            if (cdf >= high) {
                return Math.max(1, k - lower);
            }
        }
    }
}
