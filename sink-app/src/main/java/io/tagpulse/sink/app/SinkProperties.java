package io.tagpulse.sink.app;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the sink: how long stored windows are kept. */
@ConfigurationProperties("tagpulse.sink")
@Validated
public class SinkProperties {

    /** How long stored windows are kept: windows that started longer ago are deleted (0 keeps them forever). */
    @NotNull
    private Duration retention = Duration.ofDays(7);

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
