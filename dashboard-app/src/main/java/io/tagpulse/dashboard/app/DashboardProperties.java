package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import io.tagpulse.dashboard.QueryRules;
import io.tagpulse.dashboard.TrendRules;
import io.tagpulse.web.RateLimitProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dashboard app: the query, trends and moderation API, the dashboard page and the live stream.
 *
 * @param velocityWindow Size of the windows read by default and streamed live: the counter's tumbling velocity
 *        windows.
 * @param windowSizes The other window sizes the API reads when asked (window=1m, window=1h): the counter's hopping
 *        ones, hours.
 * @param maxQueryRange The longest time range one query of the velocity windows may cover (as many windows for other
 *        sizes).
 * @param defaultQueryRange The time range of a query that gives no 'from' (ending at 'to' or now), and the
 *        dashboard's first range.
 * @param maxTopLimit The most tags one top-tags query may ask for.
 * @param defaultTopLimit How many tags a top-tags query returns when it gives no 'limit'.
 * @param queryTimeout How long any one query of the API may run (whole seconds, 1s to 5m); a longer one is
 *        cancelled, answered 503.
 * @param refresh How often, at most, the dashboard page refreshes its chart and lists.
 * @param chartedTags How many of the top tags the dashboard page charts.
 * @param publicUrl The dashboard's public URL (https://trends.example.org) for the links of /api/v1/trends/tags;
 *        empty: derived.
 * @param api Limits of the series queries and of the live stream of the query API.
 * @param trends Limits of the trends queries (/api/trends, /api/trends/history, /api/moderation).
 */
@ConfigurationProperties("tagpulse.dashboard")
@Validated
public record DashboardProperties(
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration velocityWindow,
        @DefaultValue({ "1m", "1h" }) @NotNull List<Duration> windowSizes,
        @DefaultValue("24h") @NotNull @DurationMin(seconds = 1) Duration maxQueryRange,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration defaultQueryRange,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxTopLimit,
        @DefaultValue("10") @Min(1) int defaultTopLimit,
        @DefaultValue("10s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5) Duration queryTimeout,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 200) @DurationMax(hours = 1) Duration refresh,
        @DefaultValue("5") @Min(1) @Max(10) int chartedTags,
        @DefaultValue("") String publicUrl,
        @DefaultValue @Valid Api api,
        @DefaultValue @Valid Trends trends) {

    @AssertTrue(message = "tagpulse.dashboard.window-sizes must be at least a millisecond each")
    public boolean isWindowSizesPositive() {
        return windowSizes == null || windowSizes.stream().allMatch(size -> size != null && size.toMillis() >= 1);
    }

    @AssertTrue(message = "tagpulse.dashboard.public-url must be empty or an http(s) URL without query or fragment")
    public boolean isPublicUrlValid() {
        if (publicUrl == null || publicUrl.isBlank()) {
            return true;
        }
        try {
            URI uri = new URI(publicUrl.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

    @AssertTrue(message = "tagpulse.dashboard.query-timeout must be whole seconds (JDBC statement timeouts are)")
    public boolean isQueryTimeoutWholeSeconds() {
        return queryTimeout == null || queryTimeout.toNanos() % 1_000_000_000L == 0;
    }

    @AssertTrue(message = "defaultTopLimit must not be greater than maxTopLimit")
    public boolean isDefaultTopLimitWithinMax() {
        return defaultTopLimit <= maxTopLimit;
    }

    @AssertTrue(message = "defaultQueryRange must not be longer than maxQueryRange")
    public boolean isDefaultQueryRangeWithinMax() {
        return defaultQueryRange == null || maxQueryRange == null || defaultQueryRange.compareTo(maxQueryRange) <= 0;
    }

    /** @return the query rules these settings describe */
    public QueryRules toQueryRules() {
        return new QueryRules(defaultQueryRange, maxQueryRange, defaultTopLimit, maxTopLimit, velocityWindow,
                api.maxSeriesPoints(), api.maxSeriesTags(), windowSizes);
    }

    /** @return the trend query rules these settings describe */
    public TrendRules toTrendRules() {
        return new TrendRules(trends.defaultLimit(), trends.maxLimit(), trends.defaultHistoryRange(),
                trends.maxHistoryRange(), trends.defaultHistoryLimit(), trends.maxHistoryLimit());
    }

    /**
     * Settings of the trends queries ({@code tagpulse.dashboard.trends.*}).
     *
     * @param defaultLimit How many current trends /api/trends lists when it is given no 'limit'.
     * @param maxLimit The most current trends one /api/trends answer may list.
     * @param defaultHistoryRange The range of trend starts /api/trends/history reads when it is given no 'from'
     *        (ending at 'to' or now).
     * @param maxHistoryRange The longest range /api/trends/history may read: the history the sink keeps
     *        (tagpulse.sink.trend-history).
     * @param defaultHistoryLimit How many trends (or decisions) /api/trends/history and /api/moderation list when given
     *        no 'limit'.
     * @param maxHistoryLimit The most trends (or decisions) one /api/trends/history or /api/moderation answer may list.
     * @param staleAfter How long before its scope's newest assessment a current trend may have been assessed last and
     *        still be listed (one left behind longer belongs to a counter that stopped without ending it).
     * @param sparklineMinutes How many minutes each trend's sparkline covers in /api/trends (mentions per minute, up to
     *        its asOf).
     */
    public record Trends(
            @DefaultValue("20") @Min(1) int defaultLimit,
            @DefaultValue("100") @Min(1) @Max(1000) int maxLimit,
            @DefaultValue("24h") @NotNull @DurationMin(minutes = 1) Duration defaultHistoryRange,
            @DefaultValue("7d") @NotNull @DurationMin(minutes = 1) @DurationMax(days = 366) Duration maxHistoryRange,
            @DefaultValue("100") @Min(1) int defaultHistoryLimit,
            @DefaultValue("1000") @Min(1) @Max(10_000) int maxHistoryLimit,
            @DefaultValue("5m") @NotNull @DurationMin(seconds = 10) Duration staleAfter,
            @DefaultValue("30") @Min(2) @Max(360) int sparklineMinutes) {

        @AssertTrue(message = "tagpulse.dashboard.trends.default-limit must not be greater than max-limit")
        public boolean isDefaultLimitWithinMax() {
            return defaultLimit <= maxLimit;
        }

        @AssertTrue(message = "tagpulse.dashboard.trends.default-history-limit must not be greater than "
                + "max-history-limit")
        public boolean isDefaultHistoryLimitWithinMax() {
            return defaultHistoryLimit <= maxHistoryLimit;
        }

        @AssertTrue(message = "tagpulse.dashboard.trends.default-history-range must not be longer than "
                + "max-history-range")
        public boolean isDefaultHistoryRangeWithinMax() {
            return defaultHistoryRange == null || maxHistoryRange == null
                    || defaultHistoryRange.compareTo(maxHistoryRange) <= 0;
        }
    }

    /**
     * Settings of the series queries and the live stream ({@code tagpulse.dashboard.api.*}).
     *
     * @param maxSeriesTags The most tags one series query may chart.
     * @param maxSeriesPoints The most points one tag's series may have (the range divided by the resolution).
     * @param maxTagWindows The most stored windows one /api/tags/{tag}/series answer lists; a range holding more is
     *        refused (400).
     * @param streamInterval How often the live stream (/api/stream) sends the counts and rankings read since its last
     *        update.
     * @param streamMaxUpdates The most changed tag windows one live update lists (those with the most mentions; the
     *        rest are counted).
     * @param streamMaxClients The most live-stream clients at once; more are answered 503.
     * @param streamTimeout How long one live-stream connection lasts before the server closes it (browsers reconnect
     *        at once).
     * @param token Token the dashboard and query API require (Authorization: Bearer, or the password of HTTP Basic in
     *        a browser); empty for none. Actuator endpoints stay open for probes and scraping.
     * @param rateLimit Per-client request limit of the query API.
     */
    public record Api(
            @DefaultValue("10") @Min(1) @Max(100) int maxSeriesTags,
            @DefaultValue("3600") @Min(10) @Max(100_000) int maxSeriesPoints,
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxTagWindows,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration streamInterval,
            @DefaultValue("200") @Min(1) @Max(100_000) int streamMaxUpdates,
            @DefaultValue("100") @Min(1) @Max(10_000) int streamMaxClients,
            @DefaultValue("30m") @NotNull @DurationMin(seconds = 10) Duration streamTimeout,
            @DefaultValue("") String token,
            @DefaultValue @Valid @NestedConfigurationProperty ApiRateLimit rateLimit) {
    }

    /** The query API's per-client limit: 20 requests a second, bursts of 50, unless set otherwise. */
    public static class ApiRateLimit extends RateLimitProperties {

        public ApiRateLimit() {
            super(20, 50);
        }
    }
}
