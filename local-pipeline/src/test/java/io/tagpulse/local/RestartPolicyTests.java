package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RestartPolicyTests {

    private static final Instant T0 = Instant.parse("2026-12-06T22:00:00Z");

    private final RestartPolicy policy = new RestartPolicy(3, Duration.ofMinutes(10));

    @Test
    void shouldRestartThreeTimesWithinTenMinutesAndGiveUpAtTheFourthDeath() {
        assertThat(policy.onDeath("counter", T0)).isEqualTo(new RestartPolicy.Decision(true, 1));
        assertThat(policy.onDeath("counter", T0.plusSeconds(60))).isEqualTo(new RestartPolicy.Decision(true, 2));
        assertThat(policy.onDeath("counter", T0.plusSeconds(120))).isEqualTo(new RestartPolicy.Decision(true, 3));
        assertThat(policy.onDeath("counter", T0.plusSeconds(599))).isEqualTo(new RestartPolicy.Decision(false, 3));
    }

    @Test
    void shouldForgetRestartsOlderThanTheWindow() {
        policy.onDeath("sink", T0);
        policy.onDeath("sink", T0.plusSeconds(300));
        policy.onDeath("sink", T0.plusSeconds(400));

        // The first restart is exactly 10 minutes old: out of the window, so there is room for one more.
        assertThat(policy.onDeath("sink", T0.plusSeconds(600))).isEqualTo(new RestartPolicy.Decision(true, 3));
        assertThat(policy.onDeath("sink", T0.plusSeconds(601))).isEqualTo(new RestartPolicy.Decision(false, 3));
        // Once the window has moved past all of them, the budget is whole again.
        assertThat(policy.onDeath("sink", T0.plusSeconds(1_300))).isEqualTo(new RestartPolicy.Decision(true, 1));
    }

    @Test
    void shouldKeepABudgetPerProcess() {
        for (int i = 0; i < 3; i++) {
            policy.onDeath("kafka", T0.plusSeconds(i));
        }
        assertThat(policy.onDeath("kafka", T0.plusSeconds(10)).restart()).isFalse();
        assertThat(policy.onDeath("filter", T0.plusSeconds(10)).restart()).isTrue();
    }

    @Test
    void shouldNeverRestartWithABudgetOfZero() {
        RestartPolicy never = new RestartPolicy(0, Duration.ofMinutes(10));
        assertThat(never.onDeath("source", T0)).isEqualTo(new RestartPolicy.Decision(false, 0));
    }

    @Test
    void shouldDescribeItsBudget() {
        assertThat(policy.budget()).isEqualTo("3 restarts within 10 min");
        assertThat(new RestartPolicy(1, Duration.ofSeconds(90)).budget()).isEqualTo("1 restart within 90 s");
    }

    @Test
    void shouldRejectANegativeBudgetOrAnEmptyWindow() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RestartPolicy(-1, Duration.ofMinutes(10)))
            .withMessageContaining("0 or more");
        assertThatIllegalArgumentException().isThrownBy(() -> new RestartPolicy(3, Duration.ZERO))
            .withMessageContaining("positive");
    }
}
