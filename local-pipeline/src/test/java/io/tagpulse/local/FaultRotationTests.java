package io.tagpulse.local;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultRotationTests {

    @Test
    void shouldStrikeEveryIntervalWithinTheRunInTheRotationsOrder() {
        List<FaultRotation.Fault> faults = FaultRotation.every(Duration.ofMinutes(5)).schedule(Duration.ofMinutes(30));

        // None at 30 min: the run ends there, with no time left to recover.
        assertThat(faults).containsExactly(new FaultRotation.Fault(1, Duration.ofMinutes(5), "counter"),
                new FaultRotation.Fault(2, Duration.ofMinutes(10), "kafka"),
                new FaultRotation.Fault(3, Duration.ofMinutes(15), "filter"),
                new FaultRotation.Fault(4, Duration.ofMinutes(20), "processor"),
                new FaultRotation.Fault(5, Duration.ofMinutes(25), "sink"));
    }

    @Test
    void shouldStartTheRotationAgainOnceEveryTargetHadItsFault() {
        List<FaultRotation.Fault> faults = new FaultRotation(List.of("filter", "kafka"), Duration.ofMinutes(1))
            .schedule(Duration.ofSeconds(301));

        assertThat(faults).extracting(FaultRotation.Fault::target)
            .containsExactly("filter", "kafka", "filter", "kafka", "filter");
        assertThat(FaultRotation.every(Duration.ofMinutes(1)).schedule(Duration.ofMinutes(8)))
            .extracting(FaultRotation.Fault::target)
            .containsExactly("counter", "kafka", "filter", "processor", "sink", "counter", "counter");
    }

    @Test
    void shouldScheduleNoFaultForAZeroIntervalAndRejectANegativeOne() {
        assertThat(FaultRotation.every(Duration.ZERO).schedule(Duration.ofMinutes(30))).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRotation.every(Duration.ofSeconds(-1)))
            .withMessageContaining("must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultRotation(List.of(), Duration.ofMinutes(1)))
            .withMessageContaining("at least one target");
    }
}
