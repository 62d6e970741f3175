package io.tagpulse.counter.app;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the counter. */
@ConfigurationProperties("tagpulse.counter")
@Validated
public class CounterProperties {

    /** Length of the event-time tumbling windows mentions are counted in. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration windowSize = Duration.ofSeconds(1);

    /** How long after a window's end a late mention is still counted; later mentions are dropped. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration grace = Duration.ofSeconds(10);

    /** How often counts are committed and their updates emitted (Kafka Streams commit.interval.ms). */
    @NotNull
    @DurationMin(millis = 0)
    private Duration commitInterval = Duration.ofSeconds(1);

    /** How far a mention's event time may be ahead of its Kafka timestamp; further ones take the Kafka timestamp. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration maxClockSkew = Duration.ofMinutes(5);

    public Duration getWindowSize() {
        return windowSize;
    }

    public void setWindowSize(Duration windowSize) {
        this.windowSize = windowSize;
    }

    public Duration getGrace() {
        return grace;
    }

    public void setGrace(Duration grace) {
        this.grace = grace;
    }

    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public Duration getMaxClockSkew() {
        return maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }
}
