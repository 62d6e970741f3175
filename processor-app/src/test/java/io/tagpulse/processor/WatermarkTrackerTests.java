package io.tagpulse.processor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.Watermark;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTrackerTests {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Duration IDLE = Duration.ofSeconds(30);

    private final WatermarkTracker tracker = new WatermarkTracker(INTERVAL, IDLE);

    @Test
    void shouldMarkEachPartitionWithTheNewestEventTimeReadFromIt() {
        tracker.assigned(List.of(0, 1), 0);
        tracker.beginPoll(10);
        tracker.read(0, 5_000, 10);
        tracker.read(0, 4_000, 10);
        tracker.read(1, 3_000, 10);

        assertThat(tracker.due(2, 10)).isEqualTo(new Watermark(2, Map.of(0, 5_000L, 1, 3_000L), Set.of()));
    }

    @Test
    void shouldSendAtMostOneWatermarkPerInterval() {
        tracker.read(0, 5_000, 0);
        assertThat(tracker.due(1, 0)).isNotNull();

        tracker.read(0, 6_000, 100);
        assertThat(tracker.due(1, 100)).isNull();

        tracker.read(0, 7_000, 200);
        assertThat(tracker.due(1, 200)).isEqualTo(new Watermark(1, Map.of(0, 7_000L), Set.of()));
    }

    @Test
    void shouldCallAPartitionIdleOnlyWhileOthersHavePosts() {
        tracker.assigned(List.of(0, 1), 0);
        tracker.beginPoll(1_000);
        tracker.read(0, 1_000, 1_000);
        assertThat(tracker.due(2, 1_000).idle()).isEmpty();

        tracker.beginPoll(30_001);
        tracker.read(0, 30_000, 30_001);

        // Partition 1 has had nothing for 30 s while partition 0 had posts: idle, and said so at once.
        assertThat(tracker.due(2, 30_001)).isEqualTo(new Watermark(2, Map.of(0, 30_000L), Set.of(1)));
    }

    @Test
    void shouldTakeEveryPartitionAsActiveAgainWhenTheWholeInputResumesAfterAPause() {
        tracker.assigned(List.of(0, 1), 0);
        tracker.beginPoll(0);
        tracker.read(0, 0, 0);
        tracker.read(1, 0, 0);
        tracker.due(2, 0);

        // Nothing for a minute (a paused upstream), then a backlog: partition 0 delivers first.
        tracker.beginPoll(60_000);
        tracker.read(0, 50_000, 60_000);

        assertThat(tracker.due(2, 60_000).idle()).as("partition 1's backlog may be a poll behind").isEmpty();
    }

    @Test
    void shouldForgetTheMarkOfARevokedPartition() {
        tracker.read(0, 5_000, 0);
        tracker.read(1, 6_000, 0);
        tracker.revoked(List.of(1));

        assertThat(tracker.due(2, 0)).isEqualTo(new Watermark(2, Map.of(0, 5_000L), Set.of()));
    }

    @Test
    void shouldSayNothingBeforeAnyPostOrIdlePartition() {
        tracker.assigned(List.of(0), 0);

        assertThat(tracker.due(1, 1_000)).isNull();
    }
}
