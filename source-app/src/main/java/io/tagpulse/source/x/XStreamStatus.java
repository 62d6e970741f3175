package io.tagpulse.source.x;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What X said is wrong, for health and metrics: whether the configured rules are in place (or which of them X
 * rejected, and why), and the last error notice on the stream. Each problem is counted in {@code
 * tagpulse.source.x.errors{kind=rules|stream}}. Thread-safe: the stream's reader writes, health reads.
 */
public final class XStreamStatus {

    private final Counter ruleErrors;

    private final Counter streamErrors;

    private final Clock clock;

    private String rules = "not yet set";

    private List<XProblem> ruleProblems = List.of();

    private String ruleFailure;

    private XProblem lastStreamError;

    private Instant lastStreamErrorAt;

    public XStreamStatus(MeterRegistry registry, Clock clock) {
        this.ruleErrors = registry.counter("tagpulse.source.x.errors", "kind", "rules");
        this.streamErrors = registry.counter("tagpulse.source.x.errors", "kind", "stream");
        this.clock = clock;
    }

    /** The rules were synced: X rejected {@code problems} of them (none when all are in place). */
    public synchronized void rulesSynced(XStreamRules.Diff diff, List<XProblem> problems) {
        ruleErrors.increment(problems.size());
        ruleProblems = List.copyOf(problems);
        ruleFailure = problems.stream().allMatch(XProblem::isDuplicateRule) ? null
                : "X rejected stream rules (check tagpulse.source.x.rules)";
        rules = (ruleFailure == null ? "in place" : "not all in place") + " (" + diff.delete().size() + " deleted, "
                + diff.add().size() + " to add)";
    }

    /** The rules could not be synced at all ({@code reason}: an HTTP error, a refused token). */
    public synchronized void rulesFailed(String reason) {
        ruleErrors.increment();
        ruleProblems = List.of();
        ruleFailure = reason;
        rules = "unknown: the sync failed";
    }

    /** X sent an error notice on the stream. */
    public synchronized void streamErrors(List<XProblem> problems) {
        streamErrors.increment(problems.size());
        if (!problems.isEmpty()) {
            lastStreamError = problems.get(problems.size() - 1);
            lastStreamErrorAt = clock.instant();
        }
    }

    /** @return why the configured rules are not in place, {@code null} while they are (or are not yet synced) */
    public synchronized String ruleFailure() {
        return ruleFailure;
    }

    /** @return the details for health: the rules' state, the problems X reported, the last stream notice */
    public synchronized Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rules", rules);
        if (ruleFailure != null) {
            details.put("failure", ruleFailure);
        }
        if (!ruleProblems.isEmpty()) {
            details.put("ruleErrors", ruleProblems.stream().map(XProblem::toString).toList());
        }
        details.put("streamErrors", (long) streamErrors.count());
        if (lastStreamError != null) {
            details.put("lastStreamError", lastStreamError.toString());
            details.put("lastStreamErrorAt", lastStreamErrorAt.toString());
        }
        return details;
    }
}
