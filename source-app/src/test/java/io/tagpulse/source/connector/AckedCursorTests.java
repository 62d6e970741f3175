package io.tagpulse.source.connector;

import java.time.Duration;
import java.util.Random;

import io.tagpulse.source.connector.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckedCursorTests {

    @Test
    void shouldHoldTheCursorBeforeTheOldestUnacknowledgedEvent() {
        AckedCursor cursor = new AckedCursor(-1);
        cursor.sent(10);
        cursor.sent(20);
        cursor.sent(30);

        cursor.acknowledged(30);
        cursor.acknowledged(10);
        assertThat(cursor.safe()).isEqualTo(19);
        assertThat(cursor.isDone(10)).isTrue();
        assertThat(cursor.isDone(20)).isTrue();
        assertThat(cursor.isDone(30)).isTrue();
        assertThat(cursor.isDone(40)).isFalse();

        cursor.acknowledged(20);
        assertThat(cursor.safe()).isEqualTo(30);
        assertThat(cursor.inFlightCount()).isZero();
    }

    @Test
    void shouldResendAFailedEventButNotTheOnesAcknowledgedAfterIt() {
        AckedCursor cursor = new AckedCursor(5);
        cursor.sent(10);
        cursor.sent(20);
        cursor.failed(10);
        cursor.acknowledged(20);

        assertThat(cursor.safe()).isEqualTo(9);
        assertThat(cursor.isDone(10)).isFalse();
        assertThat(cursor.isDone(20)).isTrue();

        cursor.sent(10);
        cursor.acknowledged(10);
        assertThat(cursor.safe()).isEqualTo(20);
    }

    @Test
    void shouldStartFromTheSavedCursor() {
        AckedCursor cursor = new AckedCursor(100);

        assertThat(cursor.safe()).isEqualTo(100);
        assertThat(cursor.isDone(100)).isTrue();
        assertThat(cursor.isDone(101)).isFalse();
    }

    @Test
    void shouldBackOffExponentiallyWithJitterUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1));

        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delay(0).toMillis()).isBetween(50L, 100L);
            assertThat(backoff.delay(2).toMillis()).isBetween(200L, 400L);
            assertThat(backoff.delay(30).toMillis()).isBetween(500L, 1000L);
        }
    }
}
