package io.tagpulse.dashboard.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.dashboard.QueryRules;
import io.tagpulse.web.RateLimitProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

/** Settings of the dashboard app: the query API, the dashboard page and the live stream. */
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

    /** How often, at most, the dashboard page refreshes its chart and lists. */
    @NotNull
    @DurationMin(millis = 200)
    @DurationMax(hours = 1)
    private Duration refresh = Duration.ofSeconds(2);

    /** How many of the top tags the dashboard page charts. */
    @Min(1)
    @Max(10)
    private int chartedTags = 5;

    /** Limits of the series queries and of the live stream of the query API. */
    @Valid
    private final Api api = new Api();

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

        /** How far before the newest trending ranking /api/trending looks for a complete one. */
        @NotNull
        @DurationMin(seconds = 1)
        @DurationMax(hours = 1)
        private Duration trendingLookBack = Duration.ofMinutes(1);

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

        public Duration getTrendingLookBack() {
            return trendingLookBack;
        }

        public void setTrendingLookBack(Duration trendingLookBack) {
            this.trendingLookBack = trendingLookBack;
        }
    }
}
