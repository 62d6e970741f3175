package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * @param author the post's author, if known (since version 2)
 * @param coTags the post's other tags, normalized, in the order of the post, at most {@link #MAX_CO_TAGS}; empty when
 *        it has none or its producer predates version 2
 * @param version the contract version the producer wrote; absent reads as 1 (see {@link ContractVersions})
 */
public record HashtagMention(String tag, String display, String postId, String platform, String language,
        Instant eventTime, String author, List<String> coTags, Integer version) implements HashtagsTopicRecord {

    /** The version this code writes: 2 added {@code author} and {@code coTags}. */
    public static final int CURRENT_VERSION = 2;

    /** The most co-occurring tags a mention carries. */
    public static final int MAX_CO_TAGS = 10;

    public HashtagMention {
        // Kept as read, nulls included, so that problems() can name them; an invalid mention is never used.
        coTags = coTags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(coTags));
        version = ContractVersions.orFirst(version);
    }

    /** A mention of the current version. */
    public HashtagMention(String tag, String display, String postId, String platform, String language,
            Instant eventTime, String author, List<String> coTags) {
        this(tag, display, postId, platform, language, eventTime, author, coTags, CURRENT_VERSION);
    }

    /** A mention of the current version without author or co-occurring tags. */
    public HashtagMention(String tag, String display, String postId, String platform, String language,
            Instant eventTime) {
        this(tag, display, postId, platform, language, eventTime, null, List.of());
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
        if (coTags.size() > MAX_CO_TAGS) {
            problems.add("field 'coTags' holds " + coTags.size() + " tags, at most " + MAX_CO_TAGS);
        }
        if (coTags.stream().anyMatch(Post::isBlank)) {
            problems.add("field 'coTags' contains a blank or null tag");
        }
        ContractVersions.check(version).ifPresent(problems::add);
        return problems;
    }
}
