package io.tagpulse.dashboard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagBlockList;

/**
 * What may trend now, from the latest moderation decision of each key (the block list's and each tag's): a tag is
 * left out when the block list blocks it or its latest decision hides it.
 */
public final class ModerationState {

    private static final ModerationState NONE = new ModerationState(Set.of(), TagBlockList.empty());

    private final Set<String> hidden;

    private final TagBlockList blockList;

    private ModerationState(Set<String> hidden, TagBlockList blockList) {
        this.hidden = Set.copyOf(hidden);
        this.blockList = blockList;
    }

    /** @return the state with nothing hidden or blocked */
    public static ModerationState none() {
        return NONE;
    }

    /**
     * @param latest the latest decision of each key (one per key; the order does not matter)
     * @return the state they leave
     */
    public static ModerationState of(List<ModerationDecision> latest) {
        Set<String> hidden = new HashSet<>();
        TagBlockList blockList = TagBlockList.empty();
        for (ModerationDecision decision : latest) {
            if (ModerationDecision.BLOCK_LIST.equals(decision.action())) {
                try {
                    blockList = decision.blockList();
                }
                catch (IllegalArgumentException unreadable) {
                    // The dashboard validates what it writes; a list it cannot read blocks nothing more than before.
                }
            }
            else if (ModerationDecision.HIDE.equals(decision.action()) && decision.subject() != null) {
                hidden.add(HashtagExtractor.normalizeTyped(decision.subject()));
            }
        }
        return new ModerationState(hidden, blockList);
    }

    /** @return whether a normalized tag may be shown in trends */
    public boolean allows(String tag) {
        return !hidden.contains(tag) && !blockList.blocks(tag);
    }

    /** @return the hidden tags, normalized */
    public Set<String> hidden() {
        return hidden;
    }

    /** @return the block list in force */
    public TagBlockList blockList() {
        return blockList;
    }
}
