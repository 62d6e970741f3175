package io.tagpulse.source.jetstream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PlatformJson;
import tools.jackson.databind.JsonNode;

/**
 * Reads Bluesky Jetstream events (JSON over WebSocket). Only commits that create an {@code app.bsky.feed.post} become
 * posts; other kinds (identity, account), other collections and other operations (update, delete) are skipped.
 * Hashtags come from the post's rich-text facets ({@code app.bsky.richtext.facet#tag}) and its {@code tags} field,
 * which is how Bluesky itself marks them; a post with neither leaves the extraction to the text.
 */
public final class JetstreamParser {

    /** The collection of Bluesky posts. */
    public static final String POST_COLLECTION = "app.bsky.feed.post";

    private static final String TAG_FACET = "app.bsky.richtext.facet#tag";

    private JetstreamParser() {
    }

    /**
     * @return the post the event creates, or empty for an event that creates none
     * @throws InvalidRecordException when the event is not JSON or a post event lacks what a post needs
     */
    public static Optional<JetstreamEvent> parse(String json) {
        JsonNode event = PlatformJson.readObject(json, "Jetstream event");
        JsonNode commit = event.path("commit");
        if (!"commit".equals(event.path("kind").asString(null)) || !POST_COLLECTION.equals(commit.path("collection")
            .asString(null)) || !"create".equals(commit.path("operation").asString(null))) {
            return Optional.empty();
        }
        long cursor = event.path("time_us").asLong(-1);
        String did = text(event, "did");
        String rkey = text(commit, "rkey");
        JsonNode record = commit.path("record");
        String createdAt = text(record, "createdAt");
        if (cursor < 0 || did == null || rkey == null || !record.isObject() || createdAt == null) {
            throw new InvalidRecordException("Jetstream post event without time_us, did, commit.rkey or "
                    + "commit.record.createdAt");
        }
        String language = record.path("langs").path(0).asString(null);
        Post post = new Post("at://" + did + "/" + POST_COLLECTION + "/" + rkey, "bluesky", did, language,
                record.path("text").asString(""), parseTime(createdAt), hashtags(record));
        return Optional.of(new JetstreamEvent(cursor, post));
    }

    private static List<String> hashtags(JsonNode record) {
        JsonNode facets = record.path("facets");
        JsonNode tags = record.path("tags");
        if (!facets.isArray() && !tags.isArray()) {
            return null;
        }
        List<String> found = new ArrayList<>();
        for (JsonNode facet : facets) {
            for (JsonNode feature : facet.path("features")) {
                String tag = feature.path("tag").asString(null);
                if (TAG_FACET.equals(feature.path("$type").asString(null)) && tag != null && !tag.isBlank()) {
                    found.add(tag);
                }
            }
        }
        for (JsonNode tag : tags) {
            if (tag.isString() && !tag.asString().isBlank()) {
                found.add(tag.asString());
            }
        }
        return found;
    }

    /** Bluesky clients write ISO-8601 with or without an offset; an unreadable time is an invalid event. */
    private static Instant parseTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        }
        catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(value + (value.endsWith("Z") ? "" : "Z"));
            }
            catch (DateTimeParseException ex) {
                throw new InvalidRecordException("Jetstream post with unreadable createdAt '" + value + "'");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asString(null);
        return value == null || value.isBlank() ? null : value;
    }
}
