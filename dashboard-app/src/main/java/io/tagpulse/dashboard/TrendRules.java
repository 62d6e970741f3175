package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;

import io.tagpulse.contracts.TrendScope;

/**
 * Turns the raw parameters of a trends query into checked values: a scope, a limit within bounds, a history range
 * within the history kept. Every refusal is an {@link InvalidQueryException} naming the parameter.
 */
public final class TrendRules {

    /** The longest scope the sink stores. */
    static final int MAX_SCOPE_LENGTH = 60;

    /** The longest trend id the sink stores. */
    static final int MAX_TREND_ID_LENGTH = 400;

    private final QueryRules current;

    private final QueryRules history;

    /**
     * @param defaultLimit how many current trends an answer lists when not told
     * @param maxLimit the most current trends one answer may list
     * @param defaultHistoryRange the range of a history query that gives no 'from'
     * @param maxHistoryRange the longest range a history query may cover (the history the sink keeps)
     * @param defaultHistoryLimit how many trends (or decisions) a history answer lists when not told
     * @param maxHistoryLimit the most trends (or decisions) one history answer may list
     */
    public TrendRules(int defaultLimit, int maxLimit, Duration defaultHistoryRange, Duration maxHistoryRange,
            int defaultHistoryLimit, int maxHistoryLimit) {
        this.current = new QueryRules(defaultHistoryRange, maxHistoryRange, defaultLimit, maxLimit);
        this.history = new QueryRules(defaultHistoryRange, maxHistoryRange, defaultHistoryLimit, maxHistoryLimit);
    }

    /**
     * @param scope {@code global}, {@code language:<subtag>} or {@code platform:<name>}; null for global
     * @return the scope
     * @throws InvalidQueryException saying what is wrong with it
     */
    public TrendScope scope(String scope) {
        if (QueryParameters.isAbsent("scope", scope)) {
            return TrendScope.GLOBAL_SCOPE;
        }
        if (scope.length() > MAX_SCOPE_LENGTH) {
            throw new InvalidQueryException("parameter 'scope' must be at most " + MAX_SCOPE_LENGTH
                    + " characters: global, language:<subtag> or platform:<name>");
        }
        try {
            return TrendScope.parse(scope);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidQueryException("parameter 'scope': " + ex.getMessage());
        }
    }

    /**
     * @param trendId a trend's id ({@code <scope>|<tag>|<start epoch millis>}), null for none
     * @return the id, null for none
     * @throws InvalidQueryException if it is longer than the sink stores one
     */
    public String trendId(String trendId) {
        if (QueryParameters.isAbsent("trendId", trendId)) {
            return null;
        }
        if (trendId.length() > MAX_TREND_ID_LENGTH) {
            throw new InvalidQueryException("parameter 'trendId' must be at most " + MAX_TREND_ID_LENGTH
                    + " characters: <scope>|<tag>|<start epoch millis>");
        }
        return trendId;
    }

    /** @return the number of current trends to list */
    public int limit(String limit) {
        return current.limit(limit);
    }

    /** @return the number of trends (or decisions) a history answer lists */
    public int historyLimit(String limit) {
        return history.limit(limit);
    }

    /** @return the range of trend starts: {@code to} defaults to now, {@code from} to the default range before it */
    public TimeRange historyRange(String from, String to, Instant now) {
        return history.range(from, to, now);
    }
}
