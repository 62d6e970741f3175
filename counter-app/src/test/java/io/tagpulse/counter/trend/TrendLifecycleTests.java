package io.tagpulse.counter.trend;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TrendLifecycleTests {

    private static final long S = 1_000;

    private final TrendRules rules = TrendRules.defaults();

    private static Assessment qualifying(long ratePerMinute) {
        return new Assessment(60, 30, 60, 5, 12, 8, ratePerMinute, true);
    }

    private static Assessment between(long ratePerMinute) {
        return new Assessment(20, 8, 20, 10, 2, 3, ratePerMinute, false);
    }

    private static Assessment gone() {
        return new Assessment(2, 2, 2, 10, 0.2, -3, 0, false);
    }

    @Test
    void nothingStartsWithoutQualifying() {
        assertThat(TrendLifecycle.startIfQualified(rules, 0, between(30))).isEmpty();
    }

    @Test
    void aTrendRisesPeaksCoolsAndEnds() {
        TrendLifecycle trend = TrendLifecycle.startIfQualified(rules, 0, qualifying(10)).orElseThrow();
        assertThat(trend.phase()).isEqualTo(TrendPhase.RISING);

        trend.update(30 * S, qualifying(40));
        trend.update(60 * S, qualifying(80));
        assertThat(trend.phase()).isEqualTo(TrendPhase.RISING);

        assertThat(trend.update(150 * S, qualifying(60))).as("no new peak for a minute and a half").isTrue();
        assertThat(trend.phase()).isEqualTo(TrendPhase.HOT);

        trend.update(200 * S, qualifying(30));
        assertThat(trend.phase()).as("under half its peak").isEqualTo(TrendPhase.COOLING);

        trend.update(230 * S, gone());
        assertThat(trend.phase()).as("below the exit score, not yet for endDelay").isEqualTo(TrendPhase.COOLING);
        assertThat(trend.update(290 * S, gone())).isTrue();
        assertThat(trend.phase()).isEqualTo(TrendPhase.ENDED);

        TrendLifecycle.Snapshot ended = trend.snapshot();
        assertThat(ended.startedAt()).isZero();
        assertThat(ended.peakRate()).isEqualTo(80);
        assertThat(ended.peakAt()).isEqualTo(60 * S);
        assertThat(ended.endedAt()).isEqualTo(290 * S);
        assertThat(trend.update(300 * S, qualifying(500))).as("an ended trend stays ended").isFalse();
    }

    @Test
    void aTrendHoveringAroundTheThresholdDoesNotFlicker() {
        TrendLifecycle trend = TrendLifecycle.startIfQualified(rules, 0, qualifying(50)).orElseThrow();
        int changes = 0;
        for (long t = 5; t <= 600; t += 5) {
            changes += trend.update(t * S, t % 10 == 0 ? qualifying(50) : between(50)) ? 1 : 0;
        }
        assertThat(trend.phase()).isNotEqualTo(TrendPhase.ENDED);
        assertThat(trend.snapshot().startedAt()).isZero();
        assertThat(changes).as("rising, then hot, whether this assessment qualified or the one before").isEqualTo(1);
        assertThat(trend.phase()).isEqualTo(TrendPhase.HOT);
    }

    @Test
    void aCoolingTrendThatQualifiesAgainIsTheSameTrend() {
        TrendLifecycle trend = TrendLifecycle.startIfQualified(rules, 0, qualifying(50)).orElseThrow();
        trend.update(120 * S, between(20));
        assertThat(trend.phase()).as("a minute without qualifying").isEqualTo(TrendPhase.COOLING);

        trend.update(400 * S, qualifying(90));

        assertThat(trend.phase()).isEqualTo(TrendPhase.RISING);
        assertThat(trend.snapshot().startedAt()).isZero();
        assertThat(trend.snapshot().peakRate()).isEqualTo(90);
    }

    @Test
    void aTrendThatNoLongerQualifiesEndsAfterTheCooldownEvenAboveTheExitScore() {
        TrendLifecycle trend = TrendLifecycle.startIfQualified(rules, 0, qualifying(50)).orElseThrow();
        for (long t = 120; t < 600; t += 60) {
            trend.update(t * S, between(20));
            assertThat(trend.phase()).isEqualTo(TrendPhase.COOLING);
        }
        trend.update(600 * S, between(20));

        assertThat(trend.phase()).isEqualTo(TrendPhase.ENDED);
    }

    @Test
    void aRestoredTrendGoesOnAsTheLiveOne() {
        TrendLifecycle live = TrendLifecycle.startIfQualified(rules, 0, qualifying(10)).orElseThrow();
        live.update(30 * S, qualifying(70));
        TrendLifecycle restored = TrendLifecycle.restore(rules, live.snapshot());

        live.update(200 * S, gone());
        restored.update(200 * S, gone());

        assertThat(restored.snapshot()).isEqualTo(live.snapshot());
    }
}
