package io.tagpulse.source.x;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One of the {@code errors} X answers with: a rule it rejected (with the rule's {@code value}), or a notice on the
 * stream (an operational disconnect).
 *
 * @param title X's short name of the problem, e.g. {@code DuplicateRule}, {@code operational-disconnect}
 * @param detail what X says about it, {@code null} when it says nothing more
 * @param value the rule the problem is about, {@code null} for other problems
 */
public record XProblem(String title, String detail, String value) {

    /** The title of a rule X has already: not rejected, the rule is in place. */
    static final String DUPLICATE_RULE = "DuplicateRule";

    /** @return the problems of an {@code errors} array (empty when there is none) */
    static List<XProblem> of(JsonNode errors) {
        List<XProblem> problems = new ArrayList<>();
        for (JsonNode error : errors) {
            String title = error.path("title").asString(null);
            String message = error.path("message").asString(null);
            String detail = error.path("detail").asString(null);
            if (detail == null && error.path("details").isArray()) { // an invalid rule's reasons
                List<String> details = new ArrayList<>();
                error.get("details").forEach(reason -> details.add(reason.asString()));
                detail = String.join("; ", details);
            }
            problems.add(new XProblem(title != null ? title : message != null ? message : "untitled error", detail,
                    error.path("value").asString(null)));
        }
        return problems;
    }

    /** @return whether the problem leaves its rule in place (X has the rule already) */
    boolean isDuplicateRule() {
        return DUPLICATE_RULE.equals(title);
    }

    @Override
    public String toString() {
        return title + (detail == null ? "" : ": " + detail) + (value == null ? "" : " (rule \"" + value + "\")");
    }
}
