package io.tagpulse.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.EventTimes;
import io.tagpulse.contracts.Hashtag;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Post;

/**
 * Splits a post into one {@link HashtagMention} per distinct hashtag, carrying the post's event time: its creation
 * time, or its arrival time if it claims to be created further in the future than {@code maxClockSkew}
 * ({@link EventTimes}). Tags longer than the limit are skipped (no real hashtag is that long; they would only bloat
 * keys and state), and a post yields at most {@code maxMentions} mentions, in order of appearance.
 */
public class HashtagSplitter {

    private final HashtagExtractor extractor;

    private final int maxTagLength;

    private final int maxMentions;

    private final Duration maxClockSkew;

    public HashtagSplitter(HashtagExtractor extractor, int maxTagLength, int maxMentions, Duration maxClockSkew) {
        this.extractor = extractor;
        this.maxTagLength = maxTagLength;
        this.maxMentions = maxMentions;
        this.maxClockSkew = maxClockSkew;
    }

    /** @return the post's event time, given when it arrived (epoch millis, negative if unknown) */
    public Instant eventTime(Post post, long arrivalMillis) {
        return EventTimes.of(post.createdAt(), arrivalMillis, maxClockSkew);
    }

    /** @return the post's mentions with its event time, given when it arrived (epoch millis, negative if unknown) */
    public List<HashtagMention> split(Post post, long arrivalMillis) {
        return split(post, eventTime(post, arrivalMillis));
    }

    /** @return the post's mentions, each with {@code eventTime} */
    public List<HashtagMention> split(Post post, Instant eventTime) {
        List<HashtagMention> mentions = new ArrayList<>();
        List<Hashtag> counted = new ArrayList<>();
        for (Hashtag hashtag : extractor.extract(post)) {
            if (counted.size() == maxMentions) {
                break;
            }
            if (hashtag.tag().codePointCount(0, hashtag.tag().length()) <= maxTagLength) {
                counted.add(hashtag);
            }
        }
        for (Hashtag hashtag : counted) {
            mentions.add(new HashtagMention(hashtag.tag(), hashtag.display(), post.id(), post.platform(),
                    post.language(), eventTime, post.author(), coTags(counted, hashtag)));
        }
        return mentions;
    }

    /** @return the post's other counted tags, in order, at most {@link HashtagMention#MAX_CO_TAGS} */
    private static List<String> coTags(List<Hashtag> counted, Hashtag self) {
        List<String> others = new ArrayList<>(Math.min(counted.size(), HashtagMention.MAX_CO_TAGS));
        for (Hashtag other : counted) {
            if (others.size() == HashtagMention.MAX_CO_TAGS) {
                break;
            }
            if (other != self) {
                others.add(other.tag());
            }
        }
        return others;
    }
}
