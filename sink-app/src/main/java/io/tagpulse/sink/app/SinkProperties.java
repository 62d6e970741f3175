package io.tagpulse.sink.app;

import java.time.Duration;

import io.tagpulse.sink.QueryRules;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the sink's query API and dashboard. */
@ConfigurationProperties("tagpulse.sink")
@Validated
public class SinkProperties {

    /** Size of the windows the API and dashboard read: the counter's tumbling velocity windows (other sizes are stored too). */
    @NotNull
    private Duration velocityWindow = Duration.ofSeconds(1);

    /** The longest time range one query may cover. */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration maxQueryRange = Duration.ofHours(24);

    /** The time range of a query that gives no 'from' (ending at 'to' or now), also the range the dashboard shows. */
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

    /** How often the dashboard refreshes its chart and list. */
    @NotNull
    @DurationMin(millis = 200)
    @DurationMax(hours = 1)
    private Duration dashboardRefresh = Duration.ofSeconds(2);

    /** How many of the top tags the dashboard charts. */
    @Min(1)
    @Max(10)
    private int dashboardTags = 5;

    public Duration getVelocityWindow() {
        return velocityWindow;
    }

    public void setVelocityWindow(Duration velocityWindow) {
        this.velocityWindow = velocityWindow;
    }

    /** @return the query rules these settings describe */
    public QueryRules toQueryRules() {
        return new QueryRules(defaultQueryRange, maxQueryRange, defaultTopLimit, maxTopLimit);
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

    public Duration getDashboardRefresh() {
        return dashboardRefresh;
    }

    public void setDashboardRefresh(Duration dashboardRefresh) {
        this.dashboardRefresh = dashboardRefresh;
    }

    public int getDashboardTags() {
        return dashboardTags;
    }

    public void setDashboardTags(int dashboardTags) {
        this.dashboardTags = dashboardTags;
    }
}
