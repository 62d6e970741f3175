package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One hashtag of one post: the unit the counter counts. Its Kafka key is {@link #tag()}.
 *
 * @param tag the normalized tag used for counting (NFKC, case-folded), without '#' (required)
 * @param display the tag as the author wrote it, without '#' (required)
 * @param postId the id of the post it comes from (required)
 * @param platform the platform of that post (required)
 * @param language the language of that post, if known
 * @param eventTime the post's creation time (required, UTC)
 * @param version the contract version the producer wrote; absent reads as 1 (see {@link ContractVersions})
 */
public record HashtagMention(String tag, String display, String postId, String platform, String language,
        Instant eventTime, Integer version) implements HashtagsTopicRecord {

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    public HashtagMention {
        version = ContractVersions.orFirst(version);
    }

    /** A mention of the current version. */
    public HashtagMention(String tag, String display, String postId, String platform, String language,
            Instant eventTime) {
        this(tag, display, postId, platform, language, eventTime, CURRENT_VERSION);
    }

    /** @return what makes this mention invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (Post.isBlank(tag)) {
            problems.add("missing required field 'tag'");
        }
        if (Post.isBlank(display)) {
            problems.add("missing required field 'display'");
        }
        if (Post.isBlank(postId)) {
            problems.add("missing required field 'postId'");
        }
        if (Post.isBlank(platform)) {
            problems.add("missing required field 'platform'");
        }
        if (eventTime == null) {
            problems.add("missing required field 'eventTime'");
        }
        ContractVersions.check(version).ifPresent(problems::add);
        return problems;
    }
}
