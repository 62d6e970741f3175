package io.tagpulse.dashboard;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.ModerationDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moderation requests become decisions the contract and the sink's table accept, or a 400 saying why. */
class ModerationRulesTests {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void shouldMakeDecisionsKeyedAsTheCounterReadsThem() {
        ModerationDecision hide = ModerationRules.hide(" #Spam ", " flood ", "token", AT);
        assertThat(hide).isEqualTo(new ModerationDecision("HIDE", "#Spam", "token", "flood", AT));
        assertThat(hide.key()).isEqualTo("tag:spam");
        assertThat(ModerationRules.unhide("spam", null, "local", AT).reason()).isEmpty();
        ModerationDecision list = ModerationRules.blockList(List.of("#Casino", " ", "nsfw*"), "policy", "local", AT);
        assertThat(list.subject()).isEqualTo("#Casino,nsfw*");
        assertThat(list.key()).isEqualTo("block-list");
        assertThat(ModerationRules.blockList(null, "clear", "local", AT).blockList().entries()).isEmpty();
    }

    @Test
    void shouldRefuseWhatTheContractOrTheTableWouldNot() {
        assertThatThrownBy(() -> ModerationRules.hide("#", "", "local", AT)).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("field 'tag' must name a tag");
        assertThatThrownBy(() -> ModerationRules.hide("a", "r".repeat(1001), "local", AT))
            .hasMessageContaining("'reason'");
        assertThatThrownBy(() -> ModerationRules.hide("a".repeat(501), "", "local", AT))
            .hasMessageContaining("longer than 500");
        assertThatThrownBy(() -> ModerationRules.hide("a", "", "x".repeat(201), AT)).hasMessageContaining("'by'");
        assertThatThrownBy(() -> ModerationRules.blockList(List.of("**"), "", "local", AT))
            .hasMessageContaining("would block every tag");
        assertThatThrownBy(() -> ModerationRules.blockList(List.of("a b", "c,d"), "", "local", AT))
            .hasMessageContaining("'a b'").hasMessageContaining("'c,d'");
        assertThatThrownBy(() -> ModerationRules.blockList(java.util.Collections.nCopies(500, "abcdefghij"), "",
                "local", AT)).hasMessageContaining("at most 4000");
    }
}
