package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A moderator's decision about what may trend, on the compacted moderation topic. Keyed by {@link #key()}: the block
 * list is one record (key {@value #BLOCK_LIST_KEY}) whose latest value replaces the earlier one; each tag's hide or
 * unhide is one record (key {@code tag:<normalized tag>}) whose latest value stands. Nothing is ever deleted with a
 * tombstone, so the topic (and the sink's log of it) records every decision, who took it and why.
 *
 * @param action {@link #BLOCK_LIST}, {@link #HIDE} or {@link #UNHIDE}
 * @param subject for {@link #BLOCK_LIST}, its entries ({@link TagBlockList}: exact tags and {@code *} patterns, as
 *        typed) separated by commas or white space; for {@link #HIDE} and {@link #UNHIDE}, the tag as typed
 * @param by who decided (the authenticated caller, or the operator's name)
 * @param reason why, as given (may be empty)
 * @param at when it was decided
 * @param version the contract version the producer wrote; absent reads as 1 (see {@link ContractVersions})
 */
public record ModerationDecision(String action, String subject, String by, String reason, Instant at,
        Integer version) {

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    /** Replaces the block list: its tags and patterns never trend. */
    public static final String BLOCK_LIST = "BLOCK_LIST";

    /** Hides one tag from trends and alerts. */
    public static final String HIDE = "HIDE";

    /** Lifts a hide. */
    public static final String UNHIDE = "UNHIDE";

    /** The key of the block list's record. */
    public static final String BLOCK_LIST_KEY = "block-list";

    public ModerationDecision {
        version = ContractVersions.orFirst(version);
    }

    /** A decision of the current version. */
    public ModerationDecision(String action, String subject, String by, String reason, Instant at) {
        this(action, subject, by, reason, at, CURRENT_VERSION);
    }

    /** @return the record key this decision is written under (the hidden tag normalized) */
    public String key() {
        return BLOCK_LIST.equals(action) ? BLOCK_LIST_KEY : "tag:" + HashtagExtractor.normalizeTyped(subject);
    }

    /** @return the block list a {@link #BLOCK_LIST} decision sets */
    public TagBlockList blockList() {
        return TagBlockList.of(subject == null ? List.of() : List.of(subject.split("[,\\s]+")));
    }

    /** @return what makes this decision invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!List.of(BLOCK_LIST, HIDE, UNHIDE).contains(action)) {
            problems.add("field 'action' must be BLOCK_LIST, HIDE or UNHIDE, was " + action);
        }
        else if (BLOCK_LIST.equals(action)) {
            try {
                blockList();
            }
            catch (IllegalArgumentException ex) {
                problems.add("field 'subject': " + ex.getMessage());
            }
        }
        else if (subject == null || HashtagExtractor.normalizeTyped(subject).isEmpty()) {
            problems.add("field 'subject' must name a tag to " + action.toLowerCase(java.util.Locale.ROOT));
        }
        if (Post.isBlank(by)) {
            problems.add("missing required field 'by'");
        }
        if (at == null) {
            problems.add("missing required field 'at'");
        }
        ContractVersions.check(version).ifPresent(problems::add);
        return problems;
    }
}
