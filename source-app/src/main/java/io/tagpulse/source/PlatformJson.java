package io.tagpulse.source;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What every live platform's parser does alike with the JSON it is sent, each error naming what was read (a
 * "Mastodon status", an "X stream line"), so that a malformed frame's reason says where it came from.
 */
public final class PlatformJson {

    private PlatformJson() {
    }

    /** @throws InvalidRecordException "unreadable {@code what}: ..." when {@code json} is not JSON */
    public static JsonNode read(String json, String what) {
        try {
            return TagpulseJson.mapper().readTree(json);
        }
        catch (JacksonException ex) {
            throw new InvalidRecordException("unreadable " + what + ": " + ex.getOriginalMessage());
        }
    }

    /** @throws InvalidRecordException when {@code json} is not JSON or not a JSON object */
    public static JsonNode readObject(String json, String what) {
        JsonNode node = read(json, what);
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("a " + what + " must be a JSON object");
        }
        return node;
    }

    /** @throws InvalidRecordException "{@code what} with unreadable {@code field} '...'" for a time not ISO-8601 */
    public static Instant instant(String text, String what, String field) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            throw new InvalidRecordException(what + " with unreadable " + field + " '" + text + "'");
        }
    }
}
