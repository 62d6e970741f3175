package io.tagpulse.source.mastodon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PlatformJson;
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

    /** @throws InvalidRecordException when the status is not JSON or lacks what a post needs */
    public static Post parse(String statusJson) {
        JsonNode status = PlatformJson.readObject(statusJson, "Mastodon status");
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
        return new Post(uri, "mastodon", status.path("account").path("acct").asString(null),
                status.path("language").asString(null), Html.toText(status.path("content").asString("")), created,
                tags, repostOf);
    }
}
