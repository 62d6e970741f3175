package io.tagpulse.sink.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tagpulse.sink.AlertRetryPolicy;
import io.tagpulse.sink.RetentionPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the sink: how long stored windows and trends are kept, and the trend alerts' webhook. */
@ConfigurationProperties("tagpulse.sink")
@Validated
public class SinkProperties {

    /** How long stored windows of a size without a rule in retention-by-window are kept (0 keeps them forever). */
    @NotNull
    private Duration retention = Duration.ofDays(7);

    /** How long stored windows are kept, by window size (0 keeps them forever): retention-by-window.1h=400d. */
    @NotNull
    private Map<Duration, Duration> retentionByWindow = new LinkedHashMap<>(Map.of(Duration.ofHours(1),
            Duration.ofDays(400)));

    /** How often windows older than the retention are deleted. */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration retentionInterval = Duration.ofMinutes(1);

    /** The most rows one retention delete statement removes (it repeats until all old windows are gone). */
    @Min(1)
    @Max(1_000_000)
    private int retentionChunk = 10_000;

    /** How long a trend is kept after its last update (0 keeps trends forever; moderation decisions are kept always). */
    @NotNull
    private Duration trendHistory = Duration.ofDays(7);

    /** The webhook that announces each trend's start. */
    @Valid
    private final Alerts alerts = new Alerts();

    @AssertTrue(message = "tagpulse.sink.trend-history must not be negative")
    public boolean isTrendHistoryNotNegative() {
        return trendHistory == null || !trendHistory.isNegative();
    }

    @AssertTrue(message = "tagpulse.sink.retention must not be negative")
    public boolean isRetentionNotNegative() {
        return retention == null || !retention.isNegative();
    }

    @AssertTrue(message = "tagpulse.sink.retention-by-window needs window sizes of at least 1ms and retentions that "
            + "are not negative, e.g. retention-by-window.1h=400d")
    public boolean isRetentionByWindowValid() {
        return retentionByWindow == null || retentionByWindow.entrySet().stream()
            .allMatch(rule -> rule.getKey() != null && rule.getKey().toMillis() >= 1 && rule.getValue() != null
                    && !rule.getValue().isNegative());
    }

    /** @return the retention rules these settings describe */
    public RetentionPolicy toRetentionPolicy() {
        return new RetentionPolicy(retention, retentionByWindow);
    }

    public Duration getTrendHistory() {
        return trendHistory;
    }

    public void setTrendHistory(Duration trendHistory) {
        this.trendHistory = trendHistory;
    }

    public Alerts getAlerts() {
        return alerts;
    }

    public Map<Duration, Duration> getRetentionByWindow() {
        return retentionByWindow;
    }

    public void setRetentionByWindow(Map<Duration, Duration> retentionByWindow) {
        this.retentionByWindow = retentionByWindow;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Duration getRetentionInterval() {
        return retentionInterval;
    }

    public void setRetentionInterval(Duration retentionInterval) {
        this.retentionInterval = retentionInterval;
    }

    public int getRetentionChunk() {
        return retentionChunk;
    }

    public void setRetentionChunk(int retentionChunk) {
        this.retentionChunk = retentionChunk;
    }

    /** The webhook announcing trends: off while webhook-url is empty. */
    public static class Alerts {

        /** The URL each trend's start is POSTed to as JSON (http or https); empty turns alerts off. */
        @NotNull
        private String webhookUrl = "";

        /** The dashboard's URL: when set, an alert links to its trend there (?trend=<trend id>). */
        @NotNull
        private String dashboardUrl = "";

        /** When set, each alert carries X-Tagpulse-Signature: sha256=<hex HMAC-SHA256 of the body with it>. */
        @NotNull
        private String secret = "";

        /** The most attempts to deliver one alert. */
        @Min(1)
        @Max(100)
        private int maxAttempts = 8;

        /** The back-off after the first failed attempt (doubling after each, with jitter). */
        @NotNull
        @DurationMin(millis = 1)
        private Duration initialBackoff = Duration.ofSeconds(1);

        /** The longest back-off between attempts (a Retry-After may ask for longer). */
        @NotNull
        @DurationMin(millis = 1)
        private Duration maxBackoff = Duration.ofMinutes(1);

        /** The longest time from a trend's claim to an alert's last attempt; after it the alert is FAILED. */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration maxTotalTime = Duration.ofMinutes(15);

        /** How long one attempt may take, connecting included, before it counts as failed (and is retried). */
        @NotNull
        @DurationMin(millis = 100)
        private Duration requestTimeout = Duration.ofSeconds(10);

        /** The threads that send alerts (the consumer never waits for a receiver). */
        @Min(1)
        @Max(64)
        private int threads = 2;

        /** The most alerts in flight; more stay PENDING in the database and are sent by a later resume run. */
        @Min(1)
        @Max(100_000)
        private int maxInFlight = 1000;

        /** How often PENDING alerts without a live sender (a stopped sink, a full queue) are looked for and resumed. */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration resumeInterval = Duration.ofSeconds(30);

        @AssertTrue(message = "tagpulse.sink.alerts.webhook-url must be empty (no alerts) or an absolute http or https "
                + "URL, e.g. https://hooks.example.com/tagpulse")
        public boolean isWebhookUrlValid() {
            return webhookUrl == null || webhookUrl.isBlank() || isHttpUrl(webhookUrl);
        }

        @AssertTrue(message = "tagpulse.sink.alerts.max-backoff must not be shorter than initial-backoff")
        public boolean isBackoffOrdered() {
            return initialBackoff == null || maxBackoff == null || maxBackoff.compareTo(initialBackoff) >= 0;
        }

        private static boolean isHttpUrl(String url) {
            try {
                java.net.URI uri = new java.net.URI(url.strip());
                return uri.isAbsolute() && uri.getHost() != null
                        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
            }
            catch (java.net.URISyntaxException ex) {
                return false;
            }
        }

        /** @return whether alerts are sent at all */
        public boolean enabled() {
            return webhookUrl != null && !webhookUrl.isBlank();
        }

        /** @return the retry rules these settings describe */
        public AlertRetryPolicy toRetryPolicy() {
            return new AlertRetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxTotalTime);
        }

        public String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        public String getDashboardUrl() {
            return dashboardUrl;
        }

        public void setDashboardUrl(String dashboardUrl) {
            this.dashboardUrl = dashboardUrl;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getMaxTotalTime() {
            return maxTotalTime;
        }

        public void setMaxTotalTime(Duration maxTotalTime) {
            this.maxTotalTime = maxTotalTime;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public Duration getResumeInterval() {
            return resumeInterval;
        }

        public void setResumeInterval(Duration resumeInterval) {
            this.resumeInterval = resumeInterval;
        }
    }
}
