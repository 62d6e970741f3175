package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the pipeline's JSON messages. Readers tolerate unknown fields (newer producers may add some) and
 * turn every unreadable record into an {@link InvalidRecordException} whose message names the problem.
 */
public final class TagpulseJson {

    private static final int MAX_ECHOED_CHARS = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    private TagpulseJson() {
    }

    /** @return the mapper used for the contracts, for frameworks that need one (never reconfigure it) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static Post readPost(byte[] json) {
        return read(json, Post.class, Post::problems);
    }

    public static HashtagMention readMention(byte[] json) {
        return read(json, HashtagMention.class, HashtagMention::problems);
    }

    public static HashtagCount readCount(byte[] json) {
        return read(json, HashtagCount.class, HashtagCount::problems);
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private static <T> T read(byte[] json, Class<T> type, Function<T, List<String>> validator) {
        if (json == null || json.length == 0) {
            throw new InvalidRecordException("empty record: expected a JSON " + type.getSimpleName());
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        }
        catch (JacksonException ex) {
            throw new InvalidRecordException("unreadable " + type.getSimpleName() + ": " + withoutSource(
                    ex.getOriginalMessage()) + pathOf(ex) + " in " + excerpt(json), ex);
        }
        if (value == null) {
            throw new InvalidRecordException("JSON null is not a " + type.getSimpleName());
        }
        List<String> problems = validator.apply(value);
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("invalid " + type.getSimpleName() + ": " + String.join("; ", problems));
        }
        return value;
    }

    /** Jackson's messages point at a redacted source; the excerpt of the record says more. */
    private static String withoutSource(String message) {
        return message.replaceAll("\\s*\\((start marker )?at \\[Source:[^\\]]*\\]\\)", "")
            .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "");
    }

    private static String pathOf(JacksonException ex) {
        String path = ex.getPathReference();
        return (path == null || path.isEmpty()) ? "" : " (at " + path + ")";
    }

    private static String excerpt(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return "'" + (text.length() > MAX_ECHOED_CHARS ? text.substring(0, MAX_ECHOED_CHARS) + "…" : text) + "'";
    }
}
