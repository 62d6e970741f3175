package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.dashboard.ModerationRules;
import io.tagpulse.dashboard.ModerationState;
import io.tagpulse.dashboard.TrendQueries;
import io.tagpulse.dashboard.TrendRules;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moderation of trends: hide and unhide a tag, replace the block list, list the recorded decisions. Only an
 * authenticated caller gets here ({@link ModerationAccess}). A decision is checked ({@link ModerationRules}: 400
 * listing the problems), then written to the moderation topic ({@link ModerationTopic}: 503 when it cannot be); the
 * counter ends the trends it hides, and the sink records it in {@code moderation_decisions}, from which the trends
 * answers leave the tag out (a second or so after the answer 202 here, once the sink has stored it).
 */
@RestController
@RequestMapping(path = "/api/moderation", produces = MediaType.APPLICATION_JSON_VALUE)
class ModerationController {

    private final ModerationTopic topic;

    private final ModerationAccess access;

    private final TrendQueries trends;

    private final TrendRules rules;

    private final Clock clock;

    ModerationController(ModerationTopic topic, ModerationAccess access, TrendQueries trends, TrendRules rules,
            Clock clock) {
        this.topic = topic;
        this.access = access;
        this.trends = trends;
        this.rules = rules;
        this.clock = clock;
    }

    /** Hides a tag from trends (in every scope) until it is unhidden. */
    @PostMapping(path = "/hide", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted hide(@RequestBody TagRequest body, HttpServletRequest request) {
        return publish(ModerationRules.hide(body.tag(), body.reason(), access.by(request), now()));
    }

    /** Lifts a tag's hide. */
    @PostMapping(path = "/unhide", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted unhide(@RequestBody TagRequest body, HttpServletRequest request) {
        return publish(ModerationRules.unhide(body.tag(), body.reason(), access.by(request), now()));
    }

    /** Replaces the block list (exact tags and {@code *} patterns); an empty list blocks nothing. */
    @PutMapping(path = "/block-list", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted blockList(@RequestBody BlockListRequest body, HttpServletRequest request) {
        return publish(ModerationRules.blockList(body.entries(), body.reason(), access.by(request), now()));
    }

    /** What is hidden and blocked now, and the recorded decisions, newest first. */
    @GetMapping
    Decisions decisions(@RequestParam(required = false) String limit) {
        int bounded = rules.historyLimit(limit);
        ModerationState state = trends.moderation();
        return new Decisions(state.hidden().stream().sorted().toList(), state.blockList().entries(),
                trends.decisions(bounded));
    }

    private Accepted publish(ModerationDecision decision) {
        topic.publish(decision);
        return new Accepted(decision.key(), decision);
    }

    private Instant now() {
        return Instant.now(clock);
    }

    /**
     * @param tag the tag, as typed (with or without '#')
     * @param reason why (may be absent)
     */
    record TagRequest(String tag, String reason) {
    }

    /**
     * @param entries the exact tags and {@code *} patterns to block, as typed
     * @param reason why (may be absent)
     */
    record BlockListRequest(List<String> entries, String reason) {
    }

    /**
     * @param key the record key the decision was written under
     * @param decision the decision as written
     */
    record Accepted(String key, ModerationDecision decision) {
    }

    /**
     * @param hidden the tags hidden now, sorted
     * @param blockList the block list in force, normalized
     * @param decisions the recorded decisions, newest first
     */
    record Decisions(List<String> hidden, List<String> blockList, List<TrendQueries.RecordedDecision> decisions) {
    }
}
