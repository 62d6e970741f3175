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
 * is a post, its hashtags X's own {@code entities.hashtags}, a retweet a repost of the retweeted post; a long post
 * (over 280 characters) is read from its {@code note_tweet}: the full text and the full text's hashtags, where
 * {@code text} and {@code entities} only hold its first 280 characters. A line with only {@code errors} is a notice
 * (an operational disconnect, for one).
 */
public final class XStreamParser {

    /** The fields the stream must be asked for so that posts can be built. */
    public static final String TWEET_FIELDS = "created_at,lang,entities,author_id,referenced_tweets,note_tweet";

    /** What a line of the stream carries, when it is not a keep-alive. */
    public sealed interface Line permits PostLine, Notice {
    }

    /** A post. */
    public record PostLine(Post post) implements Line {
    }

    /** X's errors on the stream, e.g. an operational disconnect before X closes it. */
    public record Notice(List<XProblem> errors) implements Line {
    }

    private XStreamParser() {
    }

    /**
     * @return what the line carries, empty for a keep-alive
     * @throws InvalidRecordException for a line that is neither (unreadable, or a post without id or time)
     */
    public static Optional<Line> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        JsonNode root = PlatformJson.read(line, "X stream line");
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isObject()) {
            if (root != null && root.path("errors").isArray() && !root.path("errors").isEmpty()) {
                return Optional.of(new Notice(XProblem.of(root.get("errors"))));
            }
            throw new InvalidRecordException("X stream line without data");
        }
        return Optional.of(new PostLine(post(data)));
    }

    private static Post post(JsonNode data) {
        String id = data.path("id").asString(null);
        String createdAt = data.path("created_at").asString(null);
        if (id == null || id.isBlank() || createdAt == null) {
            throw new InvalidRecordException("X post without id or created_at (is tweet.fields=created_at asked?)");
        }
        Instant created = PlatformJson.instant(createdAt, "X post", "created_at");
        // A long post's text and entities are its first 280 characters': its note_tweet has the whole.
        JsonNode note = data.path("note_tweet");
        String noteText = note.path("text").asString(null);
        String text = noteText != null ? noteText : data.path("text").asString("");
        JsonNode entities = noteText != null && note.has("entities") ? note.path("entities") : data.path("entities");
        List<String> tags = new ArrayList<>();
        for (JsonNode hashtag : entities.path("hashtags")) {
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
        return new Post(id, "x", data.path("author_id").asString(null), data.path("lang").asString(null), text,
                created, tags, repostOf);
    }
}
