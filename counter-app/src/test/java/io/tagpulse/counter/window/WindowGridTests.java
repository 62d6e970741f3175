package io.tagpulse.counter.window;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WindowGridTests {

    private static final WindowGrid SECONDS = WindowGrid.tumbling(1_000);

    private static final WindowGrid HOPPING = new WindowGrid(10_000, 5_000);

    @ParameterizedTest(name = "{0} ms falls in the second starting at {1}")
    @CsvSource({ "0, 0", "999, 0", "1000, 1000", "1999, 1000", "86400000, 86400000" })
    void shouldPlaceAnEventInExactlyOneTumblingWindow(long eventTime, long start) {
        assertThat(SECONDS.startsOf(eventTime)).containsExactly(start);
    }

    @Test
    void shouldPlaceAnEventInEveryHoppingWindowItFallsInOldestFirst() {
        assertThat(HOPPING.startsOf(7_000)).containsExactly(0L, 5_000L);
        assertThat(HOPPING.startsOf(10_000)).containsExactly(5_000L, 10_000L);
        assertThat(HOPPING.startsOf(14_999)).containsExactly(5_000L, 10_000L);
        assertThat(new WindowGrid(60_000, 10_000).startsOf(65_000)).hasSize(6).startsWith(10_000L).endsWith(60_000L);
    }

    @ParameterizedTest(name = "size {0} ms, advance {1} ms")
    @CsvSource({ "1000, 1000", "10000, 5000", "60000, 10000", "7000, 3000", "5, 2", "1, 1" })
    void shouldPlaceAnEventInExactlyTheWindowsThatHoldIt(long size, long advance) {
        WindowGrid grid = new WindowGrid(size, advance);

        for (long eventTime = size; eventTime < 4 * size + 7; eventTime += Math.max(1, advance / 7)) {
            List<Long> holding = new java.util.ArrayList<>();
            for (long start = 0; start <= eventTime; start += advance) {
                if (eventTime < start + size) {
                    holding.add(start);
                }
            }
            long at = eventTime;
            assertThat(grid.startsOf(eventTime)).as("windows of %d", at).isEqualTo(holding);
            assertThat(grid.firstStartOf(eventTime)).isEqualTo(holding.get(0));
            assertThat(grid.lastStartOf(eventTime)).isEqualTo(holding.get(holding.size() - 1));
        }
    }

    @Test
    void shouldKeyATallyByItsZeroPaddedStartThenItsTag() {
        assertThat(WindowGrid.key(1_700_000_000_000L, "kafka")).isEqualTo("0000001700000000000 kafka");
        assertThat(WindowGrid.key(0, "")).isEqualTo("0000000000000000000 ");
        assertThat(WindowGrid.startOf(WindowGrid.key(42, "a b"))).isEqualTo(42);
        assertThat(WindowGrid.tagOf(WindowGrid.key(42, "a b"))).isEqualTo("a b");
    }

    @ParameterizedTest(name = "by {1} ms, tumbling {0} ms: last ended start {2}")
    @CsvSource({ "1000, 999, -1", "1000, 1000, 0", "1000, 1999, 0", "1000, 2000, 1000",
            "10000, 9999, -1", "10000, 10000, 0", "10000, 14999, 0", "10000, 15000, 5000" })
    void shouldTellTheNewestWindowThatHasEnded(long size, long time, long lastEndedStart) {
        WindowGrid grid = size == 1_000 ? SECONDS : HOPPING;

        assertThat(grid.lastStartEndedBy(time)).isEqualTo(lastEndedStart);
    }

    @Test
    void shouldSortKeysByWindowStartThenTagWithTheBoundAfterAWindowBetween() {
        List<String> keys = List.of(WindowGrid.key(999, "zzz"), WindowGrid.key(1_000, "a"), WindowGrid.key(1_000, "b"),
                WindowGrid.key(10_000, "a"));

        assertThat(keys).isSorted();
        assertThat(WindowGrid.keyAfter(999)).isGreaterThan(keys.get(0)).isLessThan(keys.get(1));
        assertThat(WindowGrid.key(1_000, "a")).isEqualTo("0000000000000001000 a");
        assertThat(WindowGrid.startOf(WindowGrid.key(1_764_000_000_000L, "kafka"))).isEqualTo(1_764_000_000_000L);
        assertThat(WindowGrid.tagOf(WindowGrid.key(1_764_000_000_000L, "kafka"))).isEqualTo("kafka");
    }

    @Test
    void shouldRefuseAGridWhoseAdvanceIsNotWithinItsSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WindowGrid(1_000, 2_000));
        assertThatIllegalArgumentException().isThrownBy(() -> new WindowGrid(0, 0));
    }
}
