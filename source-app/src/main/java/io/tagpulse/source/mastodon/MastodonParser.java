package io.tagpulse.source.mastodon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PlatformJson;
import io.tagpulse.source.PostSource;
import tools.jackson.databind.JsonNode;

/**
 * Reads Mastodon statuses as the streaming API sends them ({@code update} events). The post id is the status's
 * {@code uri}, the same on every instance that sees it, so a status federated to two instances is one post. The
 * text is the HTML {@code content} turned to plain text; hashtags are the status's own {@code tags}; a boost
 * ({@code reblog}) becomes a repost of the boosted status.
 */
public final class MastodonParser {

    private MastodonParser() {
    }

    /**
     * A status as a post, with its id on the instance that sent it: a decimal number on Mastodon (rising with time),
     * the position its REST timelines page by; {@link PostSource#NO_POSITION} when it is not one (other servers).
     */
    public record Status(long id, Post post) {
    }

    /** @throws InvalidRecordException when the status is not JSON or lacks what a post needs */
    public static Post parse(String statusJson) {
        return read(PlatformJson.readObject(statusJson, "Mastodon status")).post();
    }

    /** @throws InvalidRecordException when the status lacks what a post needs */
    static Status read(JsonNode status) {
        String uri = status.path("uri").asString(null);
        String createdAt = status.path("created_at").asString(null);
        if (uri == null || uri.isBlank() || createdAt == null) {
            throw new InvalidRecordException("Mastodon status without uri or created_at");
        }
        Instant created = PlatformJson.instant(createdAt, "Mastodon status", "created_at");
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : status.path("tags")) {
            String name = tag.path("name").asString(null);
            if (name != null && !name.isBlank()) {
                tags.add(name);
            }
        }
        JsonNode reblog = status.path("reblog");
        String repostOf = reblog.isObject() ? reblog.path("uri").asString(null) : null;
        Post post = new Post(uri, "mastodon", status.path("account").path("acct").asString(null),
                status.path("language").asString(null), Html.toText(status.path("content").asString("")), created,
                tags, repostOf);
        return new Status(id(status), post);
    }

    /** @return the status's id as a number, {@link PostSource#NO_POSITION} when it is not one */
    static long id(JsonNode status) {
        String id = status.path("id").asString("");
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return PostSource.NO_POSITION;
        }
        return Long.parseLong(id);
    }
}
