package io.tagpulse.benchmarks.record;

import java.util.Locale;
import java.util.Objects;

/**
 * One goal of the table of record (issue 20): what is measured, in which unit, and the bound it must meet.
 *
 * @param id short name, the key in {@code results.json}
 * @param group the part of the benchmarks command that measures it ({@code --only}): pipeline, stages, rest, startup
 * @param description what is measured, as the table's first column says it
 * @param unit the unit of the measured value and of the target
 * @param bound how the value compares to the target
 * @param target the goal's figure
 */
public record Goal(String id, String group, String description, String unit, Bound bound, double target) {

    /** How a measured value must compare to the target. */
    public enum Bound {
        /** value ≥ target */
        AT_LEAST("≥"),
        /** value ≤ target */
        AT_MOST("≤"),
        /** value < target */
        BELOW("<");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        /** @return the comparison as the table prints it */
        public String symbol() {
            return symbol;
        }

        boolean holds(double value, double target) {
            return switch (this) {
                case AT_LEAST -> value >= target;
                case AT_MOST -> value <= target;
                case BELOW -> value < target;
            };
        }
    }

    public Goal {
        Objects.requireNonNull(bound, "bound");
    }

    /** @return whether {@code value} meets this goal */
    public boolean passes(double value) {
        return Double.isFinite(value) && bound.holds(value, target);
    }

    /** @return the goal as the table prints it, e.g. {@code ≥ 25,000 posts/s} */
    public String targetText() {
        return bound.symbol() + " " + format(target) + " " + unit;
    }

    /** @return {@code value} with the precision its size calls for (thousands grouped, two decimals below 10) */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
