package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A social-media post as it enters the pipeline.
 *
 * @param id the platform's id of the post (required); the Kafka key of every post record
 * @param platform where the post comes from, e.g. {@code bluesky}, {@code mastodon}, {@code generator} (required)
 * @param author the author's handle, if known
 * @param language the post's language as a BCP 47 tag, if known
 * @param text the post's text (required, may be empty)
 * @param createdAt when the post was created: the event time of everything derived from it (required, UTC)
 * @param hashtags the platform's own list of hashtags (without '#'), or {@code null} when it has none
 * @param repostOf the id of the reposted post when this post is a repost (boost, retweet), else {@code null}
 * @param version the contract version the producer wrote; absent (producers before versioning) reads as 1. See
 *        {@link ContractVersions} for the compatibility rules
 */
public record Post(String id, String platform, String author, String language, String text, Instant createdAt,
        List<String> hashtags, String repostOf, Integer version) {

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    public Post {
        version = ContractVersions.orFirst(version);
    }

    /** A post of the current version. */
    public Post(String id, String platform, String author, String language, String text, Instant createdAt,
            List<String> hashtags, String repostOf) {
        this(id, platform, author, language, text, createdAt, hashtags, repostOf, CURRENT_VERSION);
    }

    /** A post of the current version that is not a repost. */
    public Post(String id, String platform, String author, String language, String text, Instant createdAt,
            List<String> hashtags) {
        this(id, platform, author, language, text, createdAt, hashtags, null);
    }

    /** @return what makes this post invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (isBlank(id)) {
            problems.add("missing required field 'id'");
        }
        if (isBlank(platform)) {
            problems.add("missing required field 'platform'");
        }
        if (text == null) {
            problems.add("missing required field 'text'");
        }
        if (createdAt == null) {
            problems.add("missing required field 'createdAt'");
        }
        if (hashtags != null && hashtags.stream().anyMatch(Post::isBlank)) {
            problems.add("field 'hashtags' contains a blank or null tag");
        }
        ContractVersions.check(version).ifPresent(problems::add);
        return problems;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
