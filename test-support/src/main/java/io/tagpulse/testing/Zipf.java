package io.tagpulse.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Ranks 1..n with probability proportional to 1 / rank^s, sampled by binary search of the cumulative sums: how often
 * tags are used, for the benchmarks that fill a realistic table.
 */
public final class Zipf {

    private final double[] cumulative;

    public Zipf(int n, double s) {
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++) {
            sum += 1 / Math.pow(rank, s);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    /** @return a rank from 1 to n */
    public int sample(SplittableRandom random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return (index >= 0 ? index : -index - 1) + 1;
    }
}
