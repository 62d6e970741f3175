package io.tagpulse.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTests {

    private static final long MS = 1_000_000L;

    @Test
    void shouldSpaceEventsEvenlyWithoutAddingSendTime() {
        Pacer pacer = new Pacer(100);

        assertThat(pacer.delayBeforeNext(0)).isZero();
        assertThat(pacer.delayBeforeNext(3 * MS)).isEqualTo(7 * MS);
        assertThat(pacer.delayBeforeNext(10 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void shouldNotBurstAfterALongStall() {
        Pacer pacer = new Pacer(100);
        pacer.delayBeforeNext(0);

        assertThat(pacer.delayBeforeNext(5_000 * MS)).isZero();
        assertThat(pacer.delayBeforeNext(5_000 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void shouldNeverWaitAtFullSpeed() {
        Pacer pacer = new Pacer(0);

        assertThat(pacer.delayBeforeNext(0)).isZero();
        assertThat(pacer.delayBeforeNext(0)).isZero();
    }
}
