package io.tagpulse.counter.window;

import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.Watermark;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamWatermarksTests {

    private final UpstreamWatermarks upstream = new UpstreamWatermarks();

    @Test
    void shouldKnowNothingUntilEveryPartitionHasBeenHeardOf() {
        assertThat(upstream.closeTime()).isEqualTo(UpstreamWatermarks.UNKNOWN);
        upstream.apply(new Watermark(3, Map.of(0, 5_000L, 1, 7_000L), Set.of()));
        assertThat(upstream.closeTime()).isEqualTo(UpstreamWatermarks.UNKNOWN);

        upstream.apply(new Watermark(3, Map.of(2, 6_000L), Set.of()));

        assertThat(upstream.closeTime()).isEqualTo(5_000L);
    }

    @Test
    void shouldKeepEachMarkAtItsNewestEvenWhenAnOlderReportComesLater() {
        upstream.apply(new Watermark(1, Map.of(0, 9_000L), Set.of()));
        // A new owner of the partition, after a rebalance, starts from what it reads: its first mark may be lower.
        upstream.apply(new Watermark(1, Map.of(0, 8_000L), Set.of()));

        assertThat(upstream.closeTime()).isEqualTo(9_000L);
    }

    @Test
    void shouldLeaveIdlePartitionsOutAndMoveNothingWhenAllAreIdle() {
        upstream.apply(new Watermark(2, Map.of(0, 5_000L, 1, 1_000L), Set.of()));
        assertThat(upstream.closeTime()).isEqualTo(1_000L);

        upstream.apply(new Watermark(2, Map.of(0, 5_000L, 1, 1_000L), Set.of(1)));
        assertThat(upstream.closeTime()).isEqualTo(5_000L);

        upstream.apply(new Watermark(2, Map.of(), Set.of(0, 1)));
        assertThat(upstream.closeTime()).isEqualTo(UpstreamWatermarks.UNKNOWN);

        // Partition 1 has posts again: it holds the close time back once more.
        upstream.apply(new Watermark(2, Map.of(1, 2_000L), Set.of()));
        assertThat(upstream.closeTime()).isEqualTo(2_000L);
    }

    @Test
    void shouldRestoreWhatItKnew() {
        UpstreamWatermarks restored = new UpstreamWatermarks();
        restored.restore(2, 0, 4_000L, false);
        restored.restore(2, 1, null, true);

        assertThat(restored.closeTime()).isEqualTo(4_000L);
    }
}
