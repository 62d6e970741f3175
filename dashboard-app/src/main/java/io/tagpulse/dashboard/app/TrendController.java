package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.TrendScope;
import io.tagpulse.dashboard.QueryRules;
import io.tagpulse.dashboard.TimeRange;
import io.tagpulse.dashboard.Trend;
import io.tagpulse.dashboard.TrendQueries;
import io.tagpulse.dashboard.TrendRules;
import io.tagpulse.dashboard.TrendViews;
import io.tagpulse.dashboard.TrendViews.CurrentTrends;
import io.tagpulse.dashboard.TrendViews.TrendDetail;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trends API: a scope's current trends, one trend's detail, the trends that started in a range, and the scopes
 * that have trends.
 * Tags hidden or blocked now never appear. Errors are answered by {@link ApiErrors} (a bad scope, tag, limit or range: 400
 * naming it; an unknown trend: 404).
 */
@RestController
@RequestMapping(path = "/api/trends", produces = MediaType.APPLICATION_JSON_VALUE)
class TrendController {

    private final TrendQueries trends;

    private final TrendViews views;

    private final TrendRules rules;

    private final QueryRules queryRules;

    private final Clock clock;

    TrendController(TrendQueries trends, TrendViews views, TrendRules rules, QueryRules queryRules, Clock clock) {
        this.trends = trends;
        this.views = views;
        this.rules = rules;
        this.queryRules = queryRules;
        this.clock = clock;
    }

    /**
     * The scope's current trends, best first: highest score, then most mentions, then by tag; each with its growth
     * and its sparkline.
     */
    @GetMapping
    CurrentTrends current(@RequestParam(required = false) String scope,
            @RequestParam(required = false) String limit) {
        return views.current(rules.scope(scope), rules.limit(limit));
    }

    /**
     * One trend: the latest of the tag in the scope (the current one while it lasts), or the one of {@code trendId};
     * with its velocity and its related tags' trends. 404 when there is none (or its tag is hidden or blocked now).
     */
    @GetMapping("/{scope}/{tag}")
    TrendDetail detail(@PathVariable String scope, @PathVariable String tag,
            @RequestParam(required = false) String trendId) {
        TrendScope parsed = rules.scope(scope);
        String normalized = queryRules.tags(List.of(tag)).get(0);
        return views.detail(parsed, normalized, rules.trendId(trendId));
    }

    /** The scope's trends that started in the range (default: the last 24 hours), latest start first. */
    @GetMapping("/history")
    TrendHistory history(@RequestParam(required = false) String scope, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String limit) {
        TrendScope parsed = rules.scope(scope);
        TimeRange range = rules.historyRange(from, to, Instant.now(clock));
        return new TrendHistory(parsed.toString(), range.from(), range.to(),
                trends.history(parsed, range, rules.historyLimit(limit)));
    }

    /** The scopes that have trends in the history: {@code global} first, then the others by name. */
    @GetMapping("/scopes")
    List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        scopes.add(TrendScope.GLOBAL);
        trends.scopes().stream().filter(scope -> !scope.equals(TrendScope.GLOBAL)).forEach(scopes::add);
        return scopes;
    }

    /**
     * @param scope the scope asked
     * @param from inclusive start of the range of trend starts
     * @param to exclusive end of the range
     * @param trends the trends that started in the range, latest start first
     */
    record TrendHistory(String scope, Instant from, Instant to, List<Trend> trends) {
    }
}
