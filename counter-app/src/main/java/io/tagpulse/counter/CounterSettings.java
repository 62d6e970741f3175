package io.tagpulse.counter;

import java.time.Duration;
import java.util.Objects;

import io.tagpulse.counter.trend.TrendSettings;
import io.tagpulse.counter.window.EmitMode;

/**
 * What the counting topology computes and when it emits, free of any framework: the app maps its properties onto
 * it, tests build it directly.
 *
 * @param windowSize length of the tumbling (velocity) windows; they feed the counts
 * @param hopSize length of the hopping windows, or zero for none
 * @param hopAdvance how far consecutive hopping windows are apart (at most {@code hopSize})
 * @param grace how far, in event time, the processor may have read every input partition past a window's end before
 *        the window closes: the disorder allowed among the posts of one partition
 * @param emitMode when counts are written
 * @param emitInterval in {@link EmitMode#UPDATES}, how often changed windows are written (zero: at every change)
 * @param maxDelay a mention whose post arrived more than this after it was created is late in every window
 * @param trend what makes a tag trend and how the trend stage runs
 */
public record CounterSettings(Duration windowSize, Duration hopSize, Duration hopAdvance, Duration grace,
        EmitMode emitMode, Duration emitInterval, Duration maxDelay, TrendSettings trend) {

    public CounterSettings {
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(hopSize, "hopSize");
        Objects.requireNonNull(hopAdvance, "hopAdvance");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(emitMode, "emitMode");
        Objects.requireNonNull(emitInterval, "emitInterval");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(trend, "trend");
        if (windowSize.toMillis() < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1 ms: " + windowSize);
        }
        if (!hopSize.isZero() && (hopAdvance.toMillis() < 1 || hopAdvance.compareTo(hopSize) > 0)) {
            throw new IllegalArgumentException("hopAdvance must be between 1 ms and hopSize: " + hopAdvance);
        }
        if (grace.isNegative() || emitInterval.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("grace, emitInterval and maxDelay must not be negative");
        }
    }

    /**
     * The defaults of the app: 1 s tumbling, 1 min hopping by 10 s, 10 s grace, updates every second, posts up to
     * an hour old, {@link TrendSettings#defaults()}.
     */
    public static CounterSettings defaults() {
        return new CounterSettings(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(10), EmitMode.UPDATES, Duration.ofSeconds(1), Duration.ofHours(1),
                TrendSettings.defaults());
    }

    /** @return whether hopping windows are counted besides the tumbling ones */
    public boolean hasHopping() {
        return !hopSize.isZero();
    }

    public CounterSettings withWindows(Duration size, Duration hopSize, Duration hopAdvance, Duration grace) {
        return new CounterSettings(size, hopSize, hopAdvance, grace, emitMode, emitInterval, maxDelay, trend);
    }

    public CounterSettings withEmit(EmitMode mode, Duration interval) {
        return new CounterSettings(windowSize, hopSize, hopAdvance, grace, mode, interval, maxDelay, trend);
    }

    public CounterSettings withMaxDelay(Duration delay) {
        return new CounterSettings(windowSize, hopSize, hopAdvance, grace, emitMode, emitInterval, delay, trend);
    }

    public CounterSettings withTrend(TrendSettings newTrend) {
        return new CounterSettings(windowSize, hopSize, hopAdvance, grace, emitMode, emitInterval, maxDelay,
                newTrend);
    }
}
