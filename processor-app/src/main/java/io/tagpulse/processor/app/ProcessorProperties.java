package io.tagpulse.processor.app;

import jakarta.validation.constraints.Max;
import io.tagpulse.contracts.Topics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
