package io.tagpulse.counter.trend;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SignificanceTests {

    @Test
    void smallCountsAreNoisyLargeOnesAreNot() {
        assertThat(Significance.score(3, 1)).isCloseTo(1.61, within(0.01));
        assertThat(Significance.score(30, 10)).isCloseTo(5.09, within(0.01));
        assertThat(Significance.score(3, 1)).isLessThan((3 - 1) / Math.sqrt(1));
        assertThat(Significance.score(1100, 1000)).as("a head tag's 10 % rise is significant; lift says it is small")
            .isCloseTo(3.11, within(0.01));
    }

    @Test
    void theSignSaysWhichWayAndEqualityScoresZero() {
        assertThat(Significance.score(10, 10)).isZero();
        assertThat(Significance.score(5, 10)).isNegative();
        assertThat(Significance.score(0, 2)).isCloseTo(-2.0, within(1e-9));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.score(1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Significance.score(-1, 1));
    }
}
