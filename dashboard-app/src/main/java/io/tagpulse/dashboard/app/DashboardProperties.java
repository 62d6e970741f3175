package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.validation.annotation.Validated;

/** Settings of the dashboard app: the query, trends and moderation API, the dashboard page and the live stream. */
@ConfigurationProperties("tagpulse.dashboard")
@Validated
public class DashboardProperties {

    /** Size of the windows read by default and streamed live: the counter's tumbling velocity windows. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration velocityWindow = Duration.ofSeconds(1);

    /** The other window sizes the API reads when asked (window=1m, window=1h): the counter's hopping ones, hours. */
    @NotNull
    private List<Duration> windowSizes = new ArrayList<>(List.of(Duration.ofMinutes(1), Duration.ofHours(1)));

    /** The longest time range one query of the velocity windows may cover (as many windows for other sizes). */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration maxQueryRange = Duration.ofHours(24);

    /** The time range of a query that gives no 'from' (ending at 'to' or now), and the dashboard's first range. */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration defaultQueryRange = Duration.ofMinutes(5);

    /** The most tags one top-tags query may ask for. */
    @Min(1)
    @Max(10_000)
    private int maxTopLimit = 100;

    /** How many tags a top-tags query returns when it gives no 'limit'. */
    @Min(1)
    private int defaultTopLimit = 10;

    /** How long any one query of the API may run (whole seconds, 1s to 5m); a longer one is cancelled, answered 503. */
    @NotNull
    @DurationMin(seconds = 1)
    @DurationMax(minutes = 5)
    private Duration queryTimeout = Duration.ofSeconds(10);

    /** How often, at most, the dashboard page refreshes its chart and lists. */
    @NotNull
    @DurationMin(millis = 200)
    @DurationMax(hours = 1)
    private Duration refresh = Duration.ofSeconds(2);

    /** How many of the top tags the dashboard page charts. */
    @Min(1)
    @Max(10)
    private int chartedTags = 5;

    /** The dashboard's public URL (https://trends.example.org) for the links of /api/v1/trends/tags; empty: derived. */
    private String publicUrl = "";

    /** Limits of the series queries and of the live stream of the query API. */
    @Valid
    private final Api api = new Api();

    /** Limits of the trends queries (/api/trends, /api/trends/history, /api/moderation). */
    @Valid
    private final Trends trends = new Trends();

    public Duration getVelocityWindow() {
        return velocityWindow;
    }

    public void setVelocityWindow(Duration velocityWindow) {
        this.velocityWindow = velocityWindow;
    }

    public List<Duration> getWindowSizes() {
        return windowSizes;
    }

    public void setWindowSizes(List<Duration> windowSizes) {
        this.windowSizes = windowSizes;
    }

    @AssertTrue(message = "tagpulse.dashboard.window-sizes must be at least a millisecond each")
    public boolean isWindowSizesPositive() {
        return windowSizes == null || windowSizes.stream().allMatch(size -> size != null && size.toMillis() >= 1);
    }

    /** @return the query rules these settings describe */
    public QueryRules toQueryRules() {
        return new QueryRules(defaultQueryRange, maxQueryRange, defaultTopLimit, maxTopLimit, velocityWindow,
                api.getMaxSeriesPoints(), api.getMaxSeriesTags(), windowSizes);
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

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
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

    public Duration getMaxQueryRange() {
        return maxQueryRange;
    }

    public void setMaxQueryRange(Duration maxQueryRange) {
        this.maxQueryRange = maxQueryRange;
    }

    public Duration getDefaultQueryRange() {
        return defaultQueryRange;
    }

    public void setDefaultQueryRange(Duration defaultQueryRange) {
        this.defaultQueryRange = defaultQueryRange;
    }

    public int getMaxTopLimit() {
        return maxTopLimit;
    }

    public void setMaxTopLimit(int maxTopLimit) {
        this.maxTopLimit = maxTopLimit;
    }

    public int getDefaultTopLimit() {
        return defaultTopLimit;
    }

    public void setDefaultTopLimit(int defaultTopLimit) {
        this.defaultTopLimit = defaultTopLimit;
    }

    public Duration getRefresh() {
        return refresh;
    }

    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }

    public int getChartedTags() {
        return chartedTags;
    }

    public void setChartedTags(int chartedTags) {
        this.chartedTags = chartedTags;
    }

    public Api getApi() {
        return api;
    }

    public Trends getTrends() {
        return trends;
    }

    /** @return the trend query rules these settings describe */
    public TrendRules toTrendRules() {
        return new TrendRules(trends.defaultLimit, trends.maxLimit, trends.defaultHistoryRange,
                trends.maxHistoryRange, trends.defaultHistoryLimit, trends.maxHistoryLimit);
    }

    /** Settings of the trends queries ({@code tagpulse.dashboard.trends.*}). */
    public static class Trends {

        /** How many current trends /api/trends lists when it is given no 'limit'. */
        @Min(1)
        private int defaultLimit = 20;

        /** The most current trends one /api/trends answer may list. */
        @Min(1)
        @Max(1000)
        private int maxLimit = 100;

        /** The range of trend starts /api/trends/history reads when it is given no 'from' (ending at 'to' or now). */
        @NotNull
        @DurationMin(minutes = 1)
        private Duration defaultHistoryRange = Duration.ofHours(24);

        /** The longest range /api/trends/history may read: the history the sink keeps (tagpulse.sink.trend-history). */
        @NotNull
        @DurationMin(minutes = 1)
        @DurationMax(days = 366)
        private Duration maxHistoryRange = Duration.ofDays(7);

        /** How many trends (or decisions) /api/trends/history and /api/moderation list when given no 'limit'. */
        @Min(1)
        private int defaultHistoryLimit = 100;

        /** The most trends (or decisions) one /api/trends/history or /api/moderation answer may list. */
        @Min(1)
        @Max(10_000)
        private int maxHistoryLimit = 1000;

        /**
         * How long before its scope's newest assessment a current trend may have been assessed last and still be
         * listed (one left behind longer belongs to a counter that stopped without ending it).
         */
        @NotNull
        @DurationMin(seconds = 10)
        private Duration staleAfter = Duration.ofMinutes(5);

        /** How many minutes each trend's sparkline covers in /api/trends (mentions per minute, up to its asOf). */
        @Min(2)
        @Max(360)
        private int sparklineMinutes = 30;

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

        public int getDefaultLimit() {
            return defaultLimit;
        }

        public void setDefaultLimit(int defaultLimit) {
            this.defaultLimit = defaultLimit;
        }

        public int getMaxLimit() {
            return maxLimit;
        }

        public void setMaxLimit(int maxLimit) {
            this.maxLimit = maxLimit;
        }

        public Duration getDefaultHistoryRange() {
            return defaultHistoryRange;
        }

        public void setDefaultHistoryRange(Duration defaultHistoryRange) {
            this.defaultHistoryRange = defaultHistoryRange;
        }

        public Duration getMaxHistoryRange() {
            return maxHistoryRange;
        }

        public void setMaxHistoryRange(Duration maxHistoryRange) {
            this.maxHistoryRange = maxHistoryRange;
        }

        public int getDefaultHistoryLimit() {
            return defaultHistoryLimit;
        }

        public void setDefaultHistoryLimit(int defaultHistoryLimit) {
            this.defaultHistoryLimit = defaultHistoryLimit;
        }

        public int getMaxHistoryLimit() {
            return maxHistoryLimit;
        }

        public void setMaxHistoryLimit(int maxHistoryLimit) {
            this.maxHistoryLimit = maxHistoryLimit;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        public int getSparklineMinutes() {
            return sparklineMinutes;
        }

        public void setSparklineMinutes(int sparklineMinutes) {
            this.sparklineMinutes = sparklineMinutes;
        }
    }

    /** Settings of the series queries and the live stream ({@code tagpulse.dashboard.api.*}). */
    public static class Api {

        /** The most tags one series query may chart. */
        @Min(1)
        @Max(100)
        private int maxSeriesTags = 10;

        /** The most points one tag's series may have (the range divided by the resolution). */
        @Min(10)
        @Max(100_000)
        private int maxSeriesPoints = 3600;

        /** The most stored windows one /api/tags/{tag}/series answer lists; a range holding more is refused (400). */
        @Min(1)
        @Max(1_000_000)
        private int maxTagWindows = 10_000;

        /** How often the live stream (/api/stream) sends the counts and rankings read since its last update. */
        @NotNull
        @DurationMin(millis = 100)
        @DurationMax(minutes = 1)
        private Duration streamInterval = Duration.ofSeconds(1);

        /** The most changed tag windows one live update lists (those with the most mentions; the rest are counted). */
        @Min(1)
        @Max(100_000)
        private int streamMaxUpdates = 200;

        /** The most live-stream clients at once; more are answered 503. */
        @Min(1)
        @Max(10_000)
        private int streamMaxClients = 100;

        /** How long one live-stream connection lasts before the server closes it (browsers reconnect at once). */
        @NotNull
        @DurationMin(seconds = 10)
        private Duration streamTimeout = Duration.ofMinutes(30);

        /**
         * Token the dashboard and query API require (Authorization: Bearer, or the password of HTTP Basic in a
         * browser); empty for none. Actuator endpoints stay open for probes and scraping.
         */
        private String token = "";

        /** Per-client request limit of the query API. */
        @Valid
        @NestedConfigurationProperty
        private final RateLimitProperties rateLimit = new RateLimitProperties(20, 50);

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public RateLimitProperties getRateLimit() {
            return rateLimit;
        }

        public int getMaxTagWindows() {
            return maxTagWindows;
        }

        public void setMaxTagWindows(int maxTagWindows) {
            this.maxTagWindows = maxTagWindows;
        }

        public int getMaxSeriesTags() {
            return maxSeriesTags;
        }

        public void setMaxSeriesTags(int maxSeriesTags) {
            this.maxSeriesTags = maxSeriesTags;
        }

        public int getMaxSeriesPoints() {
            return maxSeriesPoints;
        }

        public void setMaxSeriesPoints(int maxSeriesPoints) {
            this.maxSeriesPoints = maxSeriesPoints;
        }

        public Duration getStreamInterval() {
            return streamInterval;
        }

        public void setStreamInterval(Duration streamInterval) {
            this.streamInterval = streamInterval;
        }

        public int getStreamMaxUpdates() {
            return streamMaxUpdates;
        }

        public void setStreamMaxUpdates(int streamMaxUpdates) {
            this.streamMaxUpdates = streamMaxUpdates;
        }

        public int getStreamMaxClients() {
            return streamMaxClients;
        }

        public void setStreamMaxClients(int streamMaxClients) {
            this.streamMaxClients = streamMaxClients;
        }

        public Duration getStreamTimeout() {
            return streamTimeout;
        }

        public void setStreamTimeout(Duration streamTimeout) {
            this.streamTimeout = streamTimeout;
        }
    }
}
