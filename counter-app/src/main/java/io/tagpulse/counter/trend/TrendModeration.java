package io.tagpulse.counter.trend;

import java.util.Objects;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagBlockList;

/**
 * What may trend, by the moderators' decisions: the block list of the moderation topic's {@code block-list} record,
 * or the configured one until the topic has such a record, and each tag's latest {@code HIDE} or {@code UNHIDE}. A
 * tag that is blocked or hidden never starts a trend, and its live trends end.
 */
public final class TrendModeration {

    private final TagBlockList configured;

    /** @param configured the block list in force until the moderation topic has one */
    public TrendModeration(TagBlockList configured) {
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    /**
     * @param blockListDecision the latest {@link ModerationDecision#BLOCK_LIST} decision, or {@code null} for none
     * @return the block list in force
     */
    public TagBlockList blockList(ModerationDecision blockListDecision) {
        return blockListDecision == null || !ModerationDecision.BLOCK_LIST.equals(blockListDecision.action())
                ? configured : blockListDecision.blockList();
    }

    /**
     * @param tag a normalized tag
     * @param blockList the block list in force ({@link #blockList})
     * @param tagDecision the latest decision under the tag's key ({@code tag:<tag>}), or {@code null} for none
     * @return whether {@code tag} may trend
     */
    public boolean allows(String tag, TagBlockList blockList, ModerationDecision tagDecision) {
        if (blockList.blocks(tag)) {
            return false;
        }
        return tagDecision == null || !ModerationDecision.HIDE.equals(tagDecision.action());
    }

    /** @return the key a tag's hide or unhide is written under on the moderation topic */
    public static String tagKey(String tag) {
        return "tag:" + tag;
    }
}
