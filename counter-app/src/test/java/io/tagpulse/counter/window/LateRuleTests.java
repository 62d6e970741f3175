package io.tagpulse.counter.window;

import java.time.Instant;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.LateMention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LateRuleTests {

    private static final long HOUR = 3_600_000;

    private static final LateRule RULE = new LateRule(10_000, HOUR);

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static TimedMention mention(long eventTime, long arrival, long closeTime) {
        return new TimedMention("kafka", new HashtagMention("kafka", "Kafka", "p", "test", "en",
                Instant.ofEpochMilli(eventTime)), eventTime, arrival, closeTime);
    }

    @ParameterizedTest(name = "created {0} ms after T0, arrived {1} ms after: counts at {2}")
    @CsvSource({ "0, 0, 0", "500, 0, 500", "3600000, 0, 3600000", "3600001, 0, 0", "86400000, 5000, 5000",
            "-7200000, 0, -7200000" })
    void shouldCountAMentionAtItsEventTimeUnlessDatedBeyondTheMaxDelayAheadOfItsArrival(long created, long arrived,
            long countedAt) {
        assertThat(RULE.eventTime(Instant.ofEpochMilli(T0 + created), T0 + arrived)).isEqualTo(T0 + countedAt);
    }

    @Test
    void shouldSaturateAnAbsurdEventTimeWithoutAnArrival() {
        assertThat(RULE.eventTime(Instant.MAX, -1)).isEqualTo(Long.MAX_VALUE / 4);
        assertThat(RULE.eventTime(Instant.MIN, -1)).isEqualTo(-Long.MAX_VALUE / 4);
    }

    @ParameterizedTest(name = "arrived {0} ms after an event at {1}: too old {2}")
    @CsvSource({ "0, 0, false", "3600000, 0, false", "3600001, 0, true", "0, -1, true" })
    void shouldCallAMentionTooOldWhenItArrivedLaterThanTheMaxDelayOrWasCreatedBefore1970(long delay, long event,
            boolean tooOld) {
        long eventTime = event < 0 ? event : T0 + event;

        assertThat(RULE.tooOld(mention(eventTime, eventTime + delay, UpstreamWatermarks.UNKNOWN))).isEqualTo(tooOld);
    }

    @ParameterizedTest(name = "close time {0}: windows closed through {1}")
    @CsvSource({ "10999, -1", "11000, 0", "11999, 0", "12000, 1000", "-5, -1" })
    void shouldCloseAWindowOnceTheCloseTimeHasReachedItsEndPlusGrace(long closeTime, long lastClosedStart) {
        assertThat(RULE.lastClosedStart(WindowGrid.tumbling(1_000), closeTime)).isEqualTo(lastClosedStart);
    }

    @Test
    void shouldCloseNothingBeforeTheCloseTimeIsKnown() {
        assertThat(RULE.lastClosedStart(WindowGrid.tumbling(1_000), UpstreamWatermarks.UNKNOWN)).isEqualTo(-1);
    }

    @Test
    void shouldTellHowFarPastItsCloseAWindowWasWhenTheMentionArrived() {
        LateMention late = RULE.windowClosed(mention(T0 + 700, T0 + 20_000, T0 + 13_500), T0, T0 + 1_000);

        assertThat(late.reason()).isEqualTo(LateMention.WINDOW_CLOSED);
        assertThat(late.latenessMillis()).isEqualTo(2_500);
        assertThat(late.streamTime()).isEqualTo(Instant.ofEpochMilli(T0 + 13_500));
        assertThat(late.windowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(late.windowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(late.mention().display()).isEqualTo("Kafka");
    }

    @Test
    void shouldTellHowFarPastTheMaxDelayATooOldMentionArrivedEvenBeforeAnyCloseTime() {
        LateMention late = RULE.tooOld(mention(T0, T0 + HOUR + 250, UpstreamWatermarks.UNKNOWN), T0, T0 + 1_000);

        assertThat(late.reason()).isEqualTo(LateMention.TOO_OLD);
        assertThat(late.latenessMillis()).isEqualTo(250);
        assertThat(late.streamTime()).isNull();
    }
}
