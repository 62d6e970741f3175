package io.tagpulse.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.ModerationDecision;

/**
 * Turns a moderator's request into a {@link ModerationDecision}, checked as the contract checks it
 * ({@link ModerationDecision#problems()}) and against what the sink's table can record: every refusal is an
 * {@link InvalidQueryException} listing the problems.
 */
public final class ModerationRules {

    /** The longest reason the sink records. */
    public static final int MAX_REASON_LENGTH = 1000;

    /** The longest block list the sink records, its entries joined by commas. */
    public static final int MAX_BLOCK_LIST_LENGTH = 4000;

    /** The longest name of who decided the sink records. */
    public static final int MAX_BY_LENGTH = 200;

    private ModerationRules() {
    }

    /** @return a decision to hide one tag from trends */
    public static ModerationDecision hide(String tag, String reason, String by, Instant at) {
        return tagDecision(ModerationDecision.HIDE, tag, reason, by, at);
    }

    /** @return a decision to lift a tag's hide */
    public static ModerationDecision unhide(String tag, String reason, String by, Instant at) {
        return tagDecision(ModerationDecision.UNHIDE, tag, reason, by, at);
    }

    /**
     * @param entries exact tags and {@code *} patterns, as typed; none clears the list
     * @return a decision replacing the block list
     */
    public static ModerationDecision blockList(List<String> entries, String reason, String by, Instant at) {
        List<String> problems = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (entry.strip().chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
                problems.add("field 'entries': an entry holds no comma or white space, got '" + shortened(entry)
                        + "'");
            }
            kept.add(entry.strip());
        }
        String subject = String.join(",", kept);
        if (subject.length() > MAX_BLOCK_LIST_LENGTH) {
            problems.add("field 'entries' joined by commas is " + subject.length() + " characters long, at most "
                    + MAX_BLOCK_LIST_LENGTH);
        }
        return checked(new ModerationDecision(ModerationDecision.BLOCK_LIST, subject, by, reasonOf(reason), at),
                problems);
    }

    private static ModerationDecision tagDecision(String action, String tag, String reason, String by, Instant at) {
        List<String> problems = new ArrayList<>();
        if (tag != null && tag.length() > QueryRules.MAX_TAG_LENGTH) {
            problems.add("field 'tag' is longer than " + QueryRules.MAX_TAG_LENGTH + " characters");
        }
        String subject = tag == null ? null : tag.strip();
        return checked(new ModerationDecision(action, subject, by, reasonOf(reason), at), problems);
    }

    private static ModerationDecision checked(ModerationDecision decision, List<String> problems) {
        List<String> all = new ArrayList<>(problems);
        if (all.isEmpty()) {
            decision.problems().stream()
                .map(problem -> problem.replace("field 'subject' must name a tag", "field 'tag' must name a tag"))
                .forEach(all::add);
        }
        if (decision.reason().length() > MAX_REASON_LENGTH) {
            all.add("field 'reason' is longer than " + MAX_REASON_LENGTH + " characters");
        }
        if (decision.by() != null && decision.by().length() > MAX_BY_LENGTH) {
            all.add("who decided ('by') is longer than " + MAX_BY_LENGTH + " characters");
        }
        if (!all.isEmpty()) {
            throw new InvalidQueryException(String.join("; ", all));
        }
        return decision;
    }

    private static String reasonOf(String reason) {
        return reason == null ? "" : reason.strip();
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
