package io.tagpulse.source.x;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PlatformJson;
import tools.jackson.databind.JsonNode;

/**
 * Reads the lines of the X API v2 filtered stream (NDJSON). A blank line is a keep-alive; a line with {@code data}
 * is a post, its hashtags X's own {@code entities.hashtags}, a retweet a repost of the retweeted post; a line with
 * only {@code errors} (an operational notice) is reported, not counted.
 */
public final class XStreamParser {

    /** The fields the stream must be asked for so that posts can be built. */
    public static final String TWEET_FIELDS = "created_at,lang,entities,author_id,referenced_tweets";

    private XStreamParser() {
    }

    /**
     * @return the post on the line, empty for a keep-alive
     * @throws InvalidRecordException for a line that is not a post (unreadable, or an error notice)
     */
    public static Optional<Post> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        JsonNode root = PlatformJson.read(line, "X stream line");
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidRecordException(root != null && root.has("errors")
                    ? "X stream notice: " + root.get("errors") : "X stream line without data");
        }
        String id = data.path("id").asString(null);
        String createdAt = data.path("created_at").asString(null);
        if (id == null || id.isBlank() || createdAt == null) {
            throw new InvalidRecordException("X post without id or created_at (is tweet.fields=created_at asked?)");
        }
        Instant created = PlatformJson.instant(createdAt, "X post", "created_at");
        List<String> tags = new ArrayList<>();
        for (JsonNode hashtag : data.path("entities").path("hashtags")) {
            String tag = hashtag.path("tag").asString(null);
            if (tag != null && !tag.isBlank()) {
                tags.add(tag);
            }
        }
        String repostOf = null;
        for (JsonNode reference : data.path("referenced_tweets")) {
            if ("retweeted".equals(reference.path("type").asString(null))) {
                repostOf = reference.path("id").asString(null);
            }
        }
        return Optional.of(new Post(id, "x", data.path("author_id").asString(null), data.path("lang").asString(null),
                data.path("text").asString(""), created, tags, repostOf));
    }
}
