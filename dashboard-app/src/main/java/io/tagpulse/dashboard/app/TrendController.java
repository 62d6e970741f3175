package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tagpulse.contracts.TrendScope;
import io.tagpulse.dashboard.TimeRange;
import io.tagpulse.dashboard.Trend;
import io.tagpulse.dashboard.TrendQueries;
import io.tagpulse.dashboard.TrendRules;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trends API: a scope's current trends, the trends that started in a range, and the scopes that have trends.
 * Tags hidden or blocked now never appear. Errors are answered by {@link ApiErrors} (a bad scope, limit or range: 400
 * naming it).
 */
@RestController
@RequestMapping(path = "/api/trends", produces = MediaType.APPLICATION_JSON_VALUE)
class TrendController {

    private final TrendQueries trends;

    private final TrendRules rules;

    private final Clock clock;

    TrendController(TrendQueries trends, TrendRules rules, Clock clock) {
        this.trends = trends;
        this.rules = rules;
        this.clock = clock;
    }

    /** The scope's current trends, best first: highest score, then most mentions, then by tag. */
    @GetMapping
    CurrentTrends current(@RequestParam(required = false) String scope,
            @RequestParam(required = false) String limit) {
        TrendScope parsed = rules.scope(scope);
        List<Trend> current = trends.current(parsed, rules.limit(limit));
        Instant asOf = current.stream().map(Trend::asOf).max(Comparator.naturalOrder()).orElse(null);
        return new CurrentTrends(parsed.toString(), asOf, current);
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
     * @param asOf the latest assessment among the trends listed, null when there is none
     * @param trends the current trends, best first
     */
    record CurrentTrends(String scope, Instant asOf, List<Trend> trends) {
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
