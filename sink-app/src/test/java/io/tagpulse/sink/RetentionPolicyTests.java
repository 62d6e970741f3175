package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTests {

    private static final Instant NOW = Instant.parse("2026-08-10T12:00:00Z");

    @Test
    void shouldCutEachSizeWithARuleByItsOwnAndEveryOtherSizeByTheGeneralRule() {
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(7),
                Map.of(Duration.ofHours(1), Duration.ofDays(400), Duration.ofSeconds(1), Duration.ofDays(2)));

        assertThat(policy.cutoffs(NOW)).containsExactly(
                new RetentionPolicy.Cutoff(1000L, Set.of(), NOW.minus(Duration.ofDays(2))),
                new RetentionPolicy.Cutoff(3_600_000L, Set.of(), NOW.minus(Duration.ofDays(400))),
                new RetentionPolicy.Cutoff(null, Set.of(1000L, 3_600_000L), NOW.minus(Duration.ofDays(7))));
        assertThat(policy.deletesAnything()).isTrue();
    }

    @Test
    void shouldKeepForeverWhatHasAZeroRule() {
        RetentionPolicy hoursForever = new RetentionPolicy(Duration.ofDays(7), Map.of(Duration.ofHours(1),
                Duration.ZERO));
        RetentionPolicy onlyHours = new RetentionPolicy(Duration.ZERO, Map.of(Duration.ofHours(1),
                Duration.ofDays(30)));

        assertThat(hoursForever.cutoffs(NOW)).containsExactly(
                new RetentionPolicy.Cutoff(null, Set.of(3_600_000L), NOW.minus(Duration.ofDays(7))));
        assertThat(onlyHours.cutoffs(NOW)).containsExactly(
                new RetentionPolicy.Cutoff(3_600_000L, Set.of(), NOW.minus(Duration.ofDays(30))));
        assertThat(new RetentionPolicy(Duration.ZERO, Map.of()).deletesAnything()).isFalse();
        assertThat(new RetentionPolicy(Duration.ZERO, Map.of()).cutoffs(NOW)).isEmpty();
    }

    @Test
    void shouldRefuseNegativeRetentionsAndEmptySizes() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(-1), Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ZERO, Map.of(Duration.ZERO, Duration.ofDays(1))))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
