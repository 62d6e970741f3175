package io.tagpulse.counter.trend;

/**
 * How surprising a count is against the count expected of it, for counts of events (mentions) that arrive at random
 * at some rate: the signed square root of the Poisson likelihood-ratio statistic,
 * {@code sign(o − e) · √(2 · (o · ln(o / e) − (o − e)))}. It reads like a z-score (about 3 is rare, 5 very rare) but
 * stays honest for small counts, where {@code (o − e) / √e} is not: 3 mentions where 1 was expected score 1.6 (the
 * z-score says 2.0), 30 where 10 were expected 5.1 (z: 6.3). A big tag's ordinary rise is significant in this sense; the lift
 * (the ratio) is what keeps it from trending.
 */
public final class Significance {

    private Significance() {
    }

    /**
     * @param observed the count seen (at least 0)
     * @param expected the count expected (positive)
     * @return the signed root of the likelihood ratio; 0 when observed equals expected
     */
    public static double score(double observed, double expected) {
        if (!(expected > 0) || observed < 0) {
            throw new IllegalArgumentException("expected must be positive and observed at least 0: " + observed
                    + " against " + expected);
        }
        double deviance = observed == 0 ? 2 * expected
                : 2 * (observed * Math.log(observed / expected) - (observed - expected));
        return Math.copySign(Math.sqrt(Math.max(0, deviance)), observed - expected);
    }
}
