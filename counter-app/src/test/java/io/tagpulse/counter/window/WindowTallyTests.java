package io.tagpulse.counter.window;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WindowTallyTests {

    @Test
    void shouldCountEveryMentionAndShowTheFormWrittenMostOften() {
        WindowTally tally = WindowTally.empty().add("Kafka").add("KAFKA").add("KAFKA").add("kafka");

        assertThat(tally.count()).isEqualTo(4);
        assertThat(tally.mostCommon()).isEqualTo("KAFKA");
    }

    @Test
    void shouldBreakATieInFavourOfTheFormSeenFirst() {
        WindowTally tally = WindowTally.empty().add("Java").add("JAVA").add("JAVA").add("Java");

        assertThat(tally.mostCommon()).isEqualTo("Java");
    }

    @Test
    void shouldCountMentionsWithoutADisplayFormAndHaveNoneToShowForThem() {
        WindowTally tally = WindowTally.empty().add(null).add(null);

        assertThat(tally.count()).isEqualTo(2);
        assertThat(tally.mostCommon()).isNull();
    }

    @Test
    void shouldKeepTheDominantFormWhenMoreFormsThanItTalliesAreWritten() {
        WindowTally tally = WindowTally.empty();
        IntStream.range(0, 50).forEach(i -> tally.add("Trend"));
        // Thirty rare spellings, more than the tally keeps: they replace one another, never the dominant form.
        IntStream.range(0, 30).forEach(i -> tally.add("tReNd" + i));

        assertThat(tally.count()).isEqualTo(80);
        assertThat(tally.mostCommon()).isEqualTo("Trend");
    }

    @Test
    void shouldSurviveTheStoreRoundTripWithUnicodeForms() {
        WindowTally tally = WindowTally.empty().add("Straße").add("ＫＡＦＫＡ").add("ＫＡＦＫＡ").add(null);

        WindowTally read = WindowTally.fromBytes(tally.toBytes());

        assertThat(read.count()).isEqualTo(4);
        assertThat(read.mostCommon()).isEqualTo("ＫＡＦＫＡ");
        assertThat(read.toBytes()).isEqualTo(tally.toBytes());
    }

    @Test
    void shouldRejectBytesThatAreNotATally() {
        assertThatIllegalArgumentException().isThrownBy(() -> WindowTally.fromBytes(new byte[] { 1, 2, 3 }))
            .withMessageContaining("truncated");
        byte[] trailing = java.util.Arrays.copyOf(WindowTally.empty().add("a").toBytes(), 40);
        assertThatIllegalArgumentException().isThrownBy(() -> WindowTally.fromBytes(trailing))
            .withMessageContaining("trailing");
    }
}
