package io.tagpulse.local;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The launcher's start-up, step by step: each step done (the broker listening, an app healthy, the first counts) is
 * printed on a line of its own with how long after the command it was done, so a user sees where the time goes.
 */
final class StartupPhases {

    private final long startMillis;

    private final LongSupplier clock;

    private final PrintStream out;

    private final Map<String, Long> done = new LinkedHashMap<>();

    /**
     * @param startMillis when the command started, in {@code clock}'s milliseconds
     * @param clock the current time in milliseconds
     * @param out where each step's line goes, or {@code null} to only record them
     */
    StartupPhases(long startMillis, LongSupplier clock, PrintStream out) {
        this.startMillis = startMillis;
        this.clock = clock;
        this.out = out;
    }

    /** @return phases that record without printing, timed from now (what the tests' pipelines use) */
    static StartupPhases silent() {
        return new StartupPhases(System.currentTimeMillis(), System::currentTimeMillis, null);
    }

    /** Records that a step is done now and prints its line. */
    synchronized void done(String step) {
        long millis = clock.getAsLong() - startMillis;
        done.put(step, millis);
        if (out != null) {
            out.println(line(step, millis));
        }
    }

    /** @return the line of a step done {@code millis} after the start, e.g. {@code Start-up:  4.2 s  kafka listening} */
    static String line(String step, long millis) {
        return String.format(java.util.Locale.ROOT, "Start-up: %6.1f s  %s", millis / 1000.0, step);
    }

    /** @return each step done so far, in order, with its milliseconds after the start */
    synchronized Map<String, Long> steps() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(done));
    }
}
