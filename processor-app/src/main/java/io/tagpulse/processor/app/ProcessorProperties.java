package io.tagpulse.processor.app;

import java.time.Duration;

import io.tagpulse.contracts.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the hashtag processor. */
@ConfigurationProperties("tagpulse.processor")
@Validated
public class ProcessorProperties {

    /** Skip hashtags longer than this many characters (after normalization). */
    @Min(1)
    @Max(1000)
    private int maxTagLength = 100;

    /** Emit at most this many hashtags per post, in order of appearance. */
    @Min(1)
    @Max(10_000)
    private int maxHashtagsPerPost = 100;

    /** Topic for posts that cannot be read, sent in the same Kafka transaction as the offsets of the input. */
    @NotBlank
    private String deadLetterTopic = Topics.DEAD_LETTER;

    /** How far a post's createdAt may be ahead of its arrival; a post dated further ahead takes its arrival time. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration maxClockSkew = Duration.ofSeconds(10);

    /** Least time between two watermarks, which tell the counter how far every input partition has been read. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration watermarkInterval = Duration.ofMillis(200);

    /** An input partition without posts this long, while others have some, no longer holds the counter's windows open. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration idleTimeout = Duration.ofSeconds(30);

    public Duration getMaxClockSkew() {
        return maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    public Duration getWatermarkInterval() {
        return watermarkInterval;
    }

    public void setWatermarkInterval(Duration watermarkInterval) {
        this.watermarkInterval = watermarkInterval;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    public int getMaxTagLength() {
        return maxTagLength;
    }

    public void setMaxTagLength(int maxTagLength) {
        this.maxTagLength = maxTagLength;
    }

    public int getMaxHashtagsPerPost() {
        return maxHashtagsPerPost;
    }

    public void setMaxHashtagsPerPost(int maxHashtagsPerPost) {
        this.maxHashtagsPerPost = maxHashtagsPerPost;
    }
}
