package io.tagpulse.counter.trend;

/** Where a trend is in its life. */
public enum TrendPhase {

    /** It qualified and its rate set a new peak within the last minute. */
    RISING,

    /** It qualified within the last minute, at a rate of at least {@code hotFraction} of its peak. */
    HOT,

    /** It has not qualified for a minute, or its rate fell below {@code hotFraction} of its peak; it may come back. */
    COOLING,

    /** Over: it stayed below {@code exitScore} for {@code endDelay}, or did not qualify for {@code cooldown}. */
    ENDED
}
