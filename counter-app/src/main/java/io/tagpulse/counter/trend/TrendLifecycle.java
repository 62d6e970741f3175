package io.tagpulse.counter.trend;

import java.util.Optional;

/**
 * One trend of one tag, from the moment it first qualifies to its end, with hysteresis: it starts only when an
 * assessment {@linkplain Assessment#qualifies qualifies} (significance at least {@code enterScore} with enough
 * mentions, authors and lift), and ends only once it has stayed below the lower {@code exitScore} for
 * {@code endDelay}, or has not qualified for {@code cooldown}. In between it is rising, hot or cooling, and a cooling
 * trend that qualifies again is the same trend, with the same start. A tag that trends again after its trend ended
 * starts a new one.
 * <p>
 * Not thread-safe: one stream task owns a tag's trends.
 */
public final class TrendLifecycle {

    /**
     * How long a qualification and a new peak hold: a trend is rising while it set a new peak and qualified within
     * this time, hot while it qualified within it at a rate of at least {@code hotFraction} of its peak, so that
     * assessments on either side of a threshold do not make its phase flicker.
     */
    static final long HOLD_MS = 60_000;

    private final TrendRules rules;

    private final long startedAt;

    private TrendPhase phase;

    private long peakRate;

    private long peakAt;

    private long lastQualifiedAt;

    private long lastAboveExitAt;

    private long endedAt = -1;

    private Assessment latest;

    private TrendLifecycle(TrendRules rules, long startedAt, Assessment first) {
        this.rules = rules;
        this.startedAt = startedAt;
        this.phase = TrendPhase.RISING;
        this.peakRate = first.ratePerMinute();
        this.peakAt = startedAt;
        this.lastQualifiedAt = startedAt;
        this.lastAboveExitAt = startedAt;
        this.latest = first;
    }

    /** @return a trend that starts at {@code now}, if the assessment qualifies */
    public static Optional<TrendLifecycle> startIfQualified(TrendRules rules, long now,
            Assessment assessment) {
        return assessment.qualifies() ? Optional.of(new TrendLifecycle(rules, now, assessment))
                : Optional.empty();
    }

    /** A trend as it was saved ({@link #snapshot}), to go on from. */
    public static TrendLifecycle restore(TrendRules rules, Snapshot saved) {
        TrendLifecycle trend = new TrendLifecycle(rules, saved.startedAt(), saved.latest());
        trend.phase = saved.phase();
        trend.peakRate = saved.peakRate();
        trend.peakAt = saved.peakAt();
        trend.lastQualifiedAt = saved.lastQualifiedAt();
        trend.lastAboveExitAt = saved.lastAboveExitAt();
        trend.endedAt = saved.endedAt();
        return trend;
    }

    /**
     * Moves the trend on to {@code now} by a new assessment of its tag.
     *
     * @return whether its phase changed
     */
    public boolean update(long now, Assessment assessment) {
        if (phase == TrendPhase.ENDED) {
            return false;
        }
        latest = assessment;
        if (assessment.ratePerMinute() > peakRate) {
            peakRate = assessment.ratePerMinute();
            peakAt = now;
        }
        if (assessment.score() >= rules.exitScore()) {
            lastAboveExitAt = now;
        }
        if (assessment.qualifies()) {
            lastQualifiedAt = now;
        }
        TrendPhase next;
        if (!assessment.qualifies() && (now - lastAboveExitAt >= rules.endDelay().toMillis()
                || now - lastQualifiedAt >= rules.cooldown().toMillis())) {
            next = TrendPhase.ENDED;
            endedAt = now;
        }
        else if (now - lastQualifiedAt <= HOLD_MS) {
            next = now - peakAt <= HOLD_MS ? TrendPhase.RISING
                    : assessment.ratePerMinute() >= rules.hotFraction() * peakRate ? TrendPhase.HOT
                    : TrendPhase.COOLING;
        }
        else {
            next = TrendPhase.COOLING;
        }
        boolean changed = next != phase;
        phase = next;
        return changed;
    }

    /**
     * Ends the trend at {@code now} whatever its assessment says (a moderator blocked or hid its tag).
     *
     * @return whether it was still live
     */
    public boolean end(long now, Assessment assessment) {
        if (phase == TrendPhase.ENDED) {
            return false;
        }
        latest = assessment;
        phase = TrendPhase.ENDED;
        endedAt = now;
        return true;
    }

    public TrendPhase phase() {
        return phase;
    }

    /** @return the trend as it stands: what a state store keeps and what the trend topic carries */
    public Snapshot snapshot() {
        return new Snapshot(phase, startedAt, peakRate, peakAt, lastQualifiedAt, lastAboveExitAt, endedAt, latest);
    }

    /**
     * A trend at one moment.
     *
     * @param phase where it is in its life
     * @param startedAt when it first qualified (epoch ms, event time)
     * @param peakRate its highest rate, in mentions per minute
     * @param peakAt when it reached that rate
     * @param lastQualifiedAt when it last qualified
     * @param lastAboveExitAt when its significance was last at least {@code exitScore}
     * @param endedAt when it ended, or -1
     * @param latest its latest assessment
     */
    public record Snapshot(TrendPhase phase, long startedAt, long peakRate, long peakAt, long lastQualifiedAt,
            long lastAboveExitAt, long endedAt, Assessment latest) {
    }
}
