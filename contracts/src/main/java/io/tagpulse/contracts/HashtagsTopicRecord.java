package io.tagpulse.contracts;

/**
 * What the hashtags topic carries: the processor's {@link HashtagMention}s, keyed by tag, and between them its
 * {@link Watermark}s, which tell the counter how far in event time every input partition has been read.
 */
public sealed interface HashtagsTopicRecord permits HashtagMention, Watermark {
}
