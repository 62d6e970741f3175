package io.tagpulse.processor.app;

import java.time.Duration;

import io.tagpulse.contracts.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the hashtag processor.
 *
 * @param maxTagLength Skip hashtags longer than this many characters (after normalization).
 * @param maxHashtagsPerPost Emit at most this many hashtags per post, in order of appearance.
 * @param deadLetterTopic Topic for posts that cannot be read, sent in the same Kafka transaction as the offsets of the input.
 * @param maxClockSkew How far a post's createdAt may be ahead of its arrival; a post dated further ahead takes its arrival time.
 * @param watermarkInterval Least time between two watermarks, which tell the counter how far every input partition has been read.
 * @param idleTimeout An input partition without posts this long, while others have some, no longer holds the counter's windows open.
 */
@ConfigurationProperties("tagpulse.processor")
@Validated
public record ProcessorProperties(
        @DefaultValue("100") @Min(1) @Max(1000) int maxTagLength,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxHashtagsPerPost,
        @DefaultValue(Topics.DEAD_LETTER) @NotBlank String deadLetterTopic,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 0) Duration maxClockSkew,
        @DefaultValue("200ms") @NotNull @DurationMin(millis = 1) Duration watermarkInterval,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration idleTimeout) {
}
