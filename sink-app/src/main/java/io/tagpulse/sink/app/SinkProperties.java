package io.tagpulse.sink.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
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
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sink: how long stored windows and trends are kept, and the trend alerts' webhook.
 *
 * @param retention How long stored windows of a size without a rule in retention-by-window are kept (0 keeps them
 *        forever).
 * @param retentionByWindow How long stored windows are kept, by window size (0 keeps them forever):
 *        retention-by-window.1h=400d.
 * @param retentionInterval How often windows older than the retention are deleted.
 * @param retentionChunk The most rows one retention delete statement removes (it repeats until all old windows are
 *        gone).
 * @param trendHistory How long a trend is kept after its last update (0 keeps trends forever; moderation decisions are
 *        kept always).
 * @param alerts The webhook that announces each trend's start.
 */
@ConfigurationProperties("tagpulse.sink")
@Validated
public record SinkProperties(
        @DefaultValue("7d") @NotNull Duration retention,
        Map<Duration, Duration> retentionByWindow,
        @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration retentionInterval,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int retentionChunk,
        @DefaultValue("7d") @NotNull Duration trendHistory,
        @DefaultValue @Valid Alerts alerts) {

    /** The rule kept unless a setting for the hour windows replaces it: hour windows are kept 400 days. */
    private static final Map<Duration, Duration> DEFAULT_RETENTION_BY_WINDOW = Map.of(Duration.ofHours(1),
            Duration.ofDays(400));

    /** Settings for some window sizes add to the hours' default rule (and may replace it). */
    public SinkProperties {
        Map<Duration, Duration> rules = new LinkedHashMap<>(DEFAULT_RETENTION_BY_WINDOW);
        if (retentionByWindow != null) {
            rules.putAll(retentionByWindow);
        }
        retentionByWindow = Collections.unmodifiableMap(rules);
    }

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
        return retentionByWindow.entrySet().stream()
            .allMatch(rule -> rule.getKey() != null && rule.getKey().toMillis() >= 1 && rule.getValue() != null
                    && !rule.getValue().isNegative());
    }

    /** @return the retention rules these settings describe */
    public RetentionPolicy toRetentionPolicy() {
        return new RetentionPolicy(retention, retentionByWindow);
    }

    /**
     * The webhook announcing trends: off while webhook-url is empty.
     *
     * @param webhookUrl The URL each trend's start is POSTed to as JSON (http or https); empty turns alerts off.
     * @param dashboardUrl The dashboard's URL: when set, an alert links to its trend there (?trend=<trend id>).
     * @param secret When set, each alert carries X-Tagpulse-Signature: sha256=<hex HMAC-SHA256 of the body with
     *        it>.
     * @param maxAttempts The most attempts to deliver one alert.
     * @param initialBackoff The back-off after the first failed attempt (doubling after each, with jitter).
     * @param maxBackoff The longest back-off between attempts (a Retry-After may ask for longer).
     * @param maxTotalTime The longest time from a trend's claim to an alert's last attempt; after it the alert is
     *        FAILED.
     * @param requestTimeout How long one attempt may take, connecting included, before it counts as failed (and is
     *        retried).
     * @param threads The threads that send alerts (the consumer never waits for a receiver).
     * @param maxInFlight The most alerts in flight; more stay PENDING in the database and are sent by a later resume
     *        run.
     * @param resumeInterval How often PENDING alerts without a live sender (a stopped sink, a full queue) are looked
     *        for and resumed.
     */
    public record Alerts(
            @DefaultValue("") @NotNull String webhookUrl,
            @DefaultValue("") @NotNull String dashboardUrl,
            @DefaultValue("") @NotNull String secret,
            @DefaultValue("8") @Min(1) @Max(100) int maxAttempts,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
            @DefaultValue("1m") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
            @DefaultValue("15m") @NotNull @DurationMin(seconds = 1) Duration maxTotalTime,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration requestTimeout,
            @DefaultValue("2") @Min(1) @Max(64) int threads,
            @DefaultValue("1000") @Min(1) @Max(100_000) int maxInFlight,
            @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration resumeInterval) {

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
                URI uri = new URI(url.strip());
                return uri.isAbsolute() && uri.getHost() != null
                        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
            }
            catch (URISyntaxException ex) {
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
    }
}
