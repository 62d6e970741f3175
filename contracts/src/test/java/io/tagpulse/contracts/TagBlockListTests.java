package io.tagpulse.contracts;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TagBlockListTests {

    private final TagBlockList list = TagBlockList.of(List.of("#Spam", "ＮＳＦＷ*", "*casino*", "buy*now", " ", "#İlan"));

    @ParameterizedTest(name = "{0} blocked: {1}")
    @CsvSource({
        "spam, true",
        "spams, false",
        "nsfw, true",
        "nsfwart, true",
        "artnsfw, false",
        "casino, true",
        "onlinecasinobonus, true",
        "casin, false",
        "buynow, true",
        "buyitnow, true",
        "nowbuy, false",
        "buy, false",
        "i\u0307lan, true",
        "ilan, false",
    })
    void exactTagsAndPatternsMatchNormalizedTags(String tag, boolean blocked) {
        assertThat(list.blocks(tag)).isEqualTo(blocked);
    }

    @Test
    void aPatternsPartsDoNotOverlap() {
        TagBlockList overlapping = TagBlockList.of(List.of("ab*ba"));

        assertThat(overlapping.blocks("aba")).isFalse();
        assertThat(overlapping.blocks("abba")).isTrue();
    }

    @Test
    void entriesAreKeptNormalized() {
        assertThat(list.entries()).contains("spam", "i\u0307lan", "nsfw*", "*casino*", "buy*now");
        assertThat(TagBlockList.of(List.of()).blocks("anything")).isFalse();
    }

    @Test
    void aPatternThatBlocksEverythingOrAHugeEntryIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TagBlockList.of(List.of("**")))
            .withMessageContaining("would block every tag");
        assertThatIllegalArgumentException().isThrownBy(() -> TagBlockList.of(List.of("a".repeat(201))))
            .withMessageContaining("longer than 200");
    }

    @Test
    void aPatternThatWouldMakeABacktrackingMatcherExplodeIsAnsweredInOnePass() {
        TagBlockList hostile = TagBlockList.of(List.of("a*a*a*a*a*a*a*a*a*a*b"));

        assertThat(hostile.blocks("a".repeat(100_000))).isFalse();
        assertThat(hostile.blocks("a".repeat(100_000) + "b")).isTrue();
    }
}
