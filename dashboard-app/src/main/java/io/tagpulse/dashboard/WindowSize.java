package io.tagpulse.dashboard;

import java.time.Duration;

/**
 * The size of the stored windows a query reads: the velocity windows (the counter's 1-second tumbling windows, read
 * by default), or another size the table holds, such as the counter's 1-minute hopping windows or the hourly stream's
 * hour windows.
 * <p>
 * Limits set for the velocity windows (the default and longest range, the trending look-back) scale with the size, so
 * that a query reads as many windows of any size: 24 hours of 1-second windows, 60 days of 1-minute ones. Sums read
 * only the windows that start on a multiple of their size: they tile time, so every mention is counted once. That is
 * every tumbling window, and one in size/advance of the counter's hopping windows (those overlap: a mention falls in
 * several). The velocity windows are tumbling, so their queries need no such filter.
 *
 * @param millis the size of the windows in milliseconds
 * @param velocityMillis the size of the velocity windows in milliseconds
 */
public record WindowSize(long millis, long velocityMillis) {

    public WindowSize {
        if (millis < 1 || velocityMillis < 1) {
            throw new IllegalArgumentException("window sizes must be at least a millisecond: " + millis + " ms, "
                    + velocityMillis + " ms");
        }
    }

    /** @return the velocity windows themselves */
    public static WindowSize velocity(Duration velocityWindow) {
        return new WindowSize(velocityWindow.toMillis(), velocityWindow.toMillis());
    }

    /** @return whether these are the velocity windows, which are tumbling */
    public boolean isVelocity() {
        return millis == velocityMillis;
    }

    /** @return the size as a duration */
    public Duration duration() {
        return Duration.ofMillis(millis);
    }

    /** @return a limit given for the velocity windows, scaled to windows of this size (never below a millisecond) */
    public Duration scaled(Duration forVelocity) {
        if (isVelocity()) {
            return forVelocity;
        }
        try {
            return Duration.ofMillis(Math.max(1, Math.multiplyExact(forVelocity.toMillis(), millis) / velocityMillis));
        }
        catch (ArithmeticException beyondAnyRange) {
            return Duration.ofMillis(Long.MAX_VALUE);
        }
    }

    /** @return the size as people write it: {@code 1s}, {@code 1m}, {@code 1h}, {@code 1d}, {@code 500ms} */
    public String label() {
        return label(millis);
    }

    /** @return a size in milliseconds as people write it, in the largest unit that divides it */
    public static String label(long millis) {
        long[] units = { 86_400_000, 3_600_000, 60_000, 1000 };
        String[] names = { "d", "h", "m", "s" };
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }
}
