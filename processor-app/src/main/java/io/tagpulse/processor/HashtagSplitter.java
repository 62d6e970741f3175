package io.tagpulse.processor;

import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.Hashtag;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Post;

/**
 * Splits a post into one {@link HashtagMention} per distinct hashtag, carrying the post's event time. Tags longer
 * than the limit are skipped (no real hashtag is that long; they would only bloat keys and state), and a post
 * yields at most {@code maxMentions} mentions, in order of appearance.
 */
public class HashtagSplitter {

    private final HashtagExtractor extractor;

    private final int maxTagLength;

    private final int maxMentions;

    public HashtagSplitter(HashtagExtractor extractor, int maxTagLength, int maxMentions) {
        this.extractor = extractor;
        this.maxTagLength = maxTagLength;
        this.maxMentions = maxMentions;
    }

    public List<HashtagMention> split(Post post) {
        List<HashtagMention> mentions = new ArrayList<>();
        for (Hashtag hashtag : extractor.extract(post)) {
            if (mentions.size() == maxMentions) {
                break;
            }
            if (hashtag.tag().codePointCount(0, hashtag.tag().length()) <= maxTagLength) {
                mentions.add(new HashtagMention(hashtag.tag(), hashtag.display(), post.id(), post.platform(),
                        post.language(), post.createdAt()));
            }
        }
        return mentions;
    }
}
