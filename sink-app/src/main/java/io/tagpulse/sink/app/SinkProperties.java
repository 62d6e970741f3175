package io.tagpulse.sink.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tagpulse.sink.RetentionPolicy;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the sink: how long stored windows are kept, by window size. */
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
}
