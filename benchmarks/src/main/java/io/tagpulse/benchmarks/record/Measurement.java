package io.tagpulse.benchmarks.record;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one goal measured: the value of every run (its median is the figure of record) and a note on how, or why
 * nothing was measured.
 *
 * @param goal the goal
 * @param runs the value of each run, in the goal's unit; empty when it was not measured
 * @param note how it was measured (e.g. which rate), or why not
 */
public record Measurement(Goal goal, List<Double> runs, String note) {

    /** Pass or not; not measured when the command did not run the goal's group or the group failed. */
    public enum Verdict {
        PASS, FAIL, NOT_MEASURED
    }

    public Measurement {
        Objects.requireNonNull(goal, "goal");
        runs = List.copyOf(runs);
        note = note == null ? "" : note;
    }

    /** @return a measurement of {@code goal} with one value per run */
    public static Measurement of(Goal goal, List<Double> runs, String note) {
        return new Measurement(goal, runs, note);
    }

    /** @return a row saying why {@code goal} has no value */
    public static Measurement notMeasured(Goal goal, String why) {
        return new Measurement(goal, List.of(), why);
    }

    /** @return the median of the runs, or empty if there were none */
    public OptionalDouble value() {
        if (runs.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = runs.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return OptionalDouble.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    /** @return whether the median meets the goal */
    public Verdict verdict() {
        OptionalDouble value = value();
        if (value.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        return goal.passes(value.getAsDouble()) ? Verdict.PASS : Verdict.FAIL;
    }
}
