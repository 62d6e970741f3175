package io.tagpulse.counter.trend;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagBlockList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendModerationTests {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private final TrendModeration moderation = new TrendModeration(TagBlockList.of(List.of("#Casino", "nsfw*")));

    private static ModerationDecision decision(String action, String subject) {
        return new ModerationDecision(action, subject, "moderator", "", AT);
    }

    @Test
    void shouldGoByTheConfiguredBlockListUntilTheTopicHasOne() {
        TagBlockList configured = moderation.blockList(null);

        assertThat(moderation.allows("casino", configured, null)).isFalse();
        assertThat(moderation.allows("nsfwart", configured, null)).isFalse();
        assertThat(moderation.allows("kafka", configured, null)).isTrue();
    }

    @Test
    void shouldReplaceTheConfiguredBlockListWithTheTopicsOne() {
        TagBlockList fromTopic = moderation.blockList(decision(ModerationDecision.BLOCK_LIST, "#Spam, *bet*"));

        assertThat(moderation.allows("casino", fromTopic, null)).as("no longer blocked").isTrue();
        assertThat(moderation.allows("spam", fromTopic, null)).isFalse();
        assertThat(moderation.allows("sportsbetting", fromTopic, null)).isFalse();
        assertThat(moderation.allows("kafka", fromTopic, null)).isTrue();
        assertThat(moderation.allows("casino", moderation.blockList(decision(ModerationDecision.BLOCK_LIST, "")),
                null)).as("an empty list from the topic blocks nothing").isTrue();
    }

    @Test
    void shouldHideATagUntilItsLatestDecisionIsUnhide() {
        TagBlockList none = TagBlockList.empty();

        assertThat(moderation.allows("kafka", none, decision(ModerationDecision.HIDE, "#Kafka"))).isFalse();
        assertThat(moderation.allows("kafka", none, decision(ModerationDecision.UNHIDE, "kafka"))).isTrue();
    }

    @Test
    void shouldKeepABlockedTagBlockedWhateverItsHideDecision() {
        TagBlockList configured = moderation.blockList(null);

        assertThat(moderation.allows("casino", configured, decision(ModerationDecision.UNHIDE, "casino"))).isFalse();
    }

    @Test
    void shouldReadATagsDecisionUnderTheKeyTheDecisionIsWrittenUnder() {
        assertThat(TrendModeration.tagKey("kafka")).isEqualTo(decision(ModerationDecision.HIDE, " #KAFKA ").key());
    }
}
