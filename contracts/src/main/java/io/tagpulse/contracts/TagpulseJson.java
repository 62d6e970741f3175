package io.tagpulse.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads and writes the pipeline's JSON messages. Readers tolerate unknown fields (newer producers may add some) and
 * turn every unreadable record into an {@link InvalidRecordException} whose message names the problem. Times are
 * ISO-8601 strings only: a number is refused, since it cannot tell seconds from milliseconds (and Jackson would read
 * an out-of-range one such as {@code 1e400} as 1970 without a word).
 */
public final class TagpulseJson {

    private static final int MAX_ECHOED_CHARS = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .addModule(new SimpleModule("tagpulse-iso-instants").addDeserializer(Instant.class, new IsoInstants()))
        .build();

    private TagpulseJson() {
    }

    /** @return the mapper used for the contracts, for frameworks that need one (never reconfigure it) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a post with a streaming parser, and leaves any record it does not simply read (an odd type, a duplicate
     * field, a time in another ISO form, broken JSON) to Jackson databind, so both agree on everything.
     */
    public static Post readPost(byte[] json) {
        Post post = json == null ? null : StreamingReaders.post(MAPPER, json);
        return post == null ? readPostWithDatabind(json) : validated(post, Post.class, post.problems());
    }

    /** Reads a mention as {@link #readPost} reads a post, leaving what it does not simply read to databind. */
    public static HashtagMention readMention(byte[] json) {
        HashtagMention mention = json == null ? null : StreamingReaders.mention(MAPPER, json);
        return mention == null ? readMentionWithDatabind(json) : validated(mention, HashtagMention.class,
                mention.problems());
    }

    /** The reference reader of posts: Jackson databind, which decides whatever the streaming reader declines. */
    static Post readPostWithDatabind(byte[] json) {
        return read(json, Post.class, Post::problems);
    }

    /** The reference reader of mentions: Jackson databind, which decides whatever the streaming reader declines. */
    static HashtagMention readMentionWithDatabind(byte[] json) {
        return read(json, HashtagMention.class, HashtagMention::problems);
    }

    /** Reads a {@link Watermark} (a record of the hashtags topic with the {@link Watermark#HEADER} header). */
    public static Watermark readWatermark(byte[] json) {
        return read(json, Watermark.class, Watermark::problems);
    }

    public static HashtagCount readCount(byte[] json) {
        return read(json, HashtagCount.class, HashtagCount::problems);
    }

    public static TrendUpdate readTrend(byte[] json) {
        return read(json, TrendUpdate.class, TrendUpdate::problems);
    }

    public static ModerationDecision readModeration(byte[] json) {
        return read(json, ModerationDecision.class, ModerationDecision::problems);
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Writes a count as {@link #write} does, byte for byte, straight to a generator rather than through databind's
     * bean serializer: the counter writes one for every changed window every second, and databind was the larger part
     * of that.
     */
    public static byte[] writeCount(HashtagCount count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 2 * count.tag().length());
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("tag", count.tag());
            json.writeStringProperty("windowStart", instant(count.windowStart()));
            json.writeStringProperty("windowEnd", instant(count.windowEnd()));
            json.writeNumberProperty("count", count.count());
            if (count.display() != null) {
                json.writeStringProperty("display", count.display());
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
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
                    JsonProblems.describe(ex)) + pathOf(ex) + " in " + excerpt(json), ex);
        }
        if (value == null) {
            throw new InvalidRecordException("JSON null is not a " + type.getSimpleName());
        }
        return validated(value, type, validator.apply(value));
    }

    private static <T> T validated(T value, Class<T> type, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("invalid " + type.getSimpleName() + ": " + String.join("; ", problems));
        }
        return value;
    }

    /** Reads an {@link Instant} from an ISO-8601 string as Jackson does, and refuses any other JSON type. */
    private static final class IsoInstants extends StdDeserializer<Instant> {

        IsoInstants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.reportInputMismatch(Instant.class,
                        "expected an ISO-8601 instant string such as \"2026-11-22T10:00:00Z\", not %s",
                        parser.currentToken());
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    /**
     * Jackson's messages point at a redacted source (the excerpt of the record says more) and name the reader's
     * classes by package; the reason travels to dead letters and HTTP answers, so it names the record type only.
     */
    private static String withoutSource(String message) {
        return message.replaceAll("\\s*\\((start marker )?at \\[Source:[^\\]]*\\]\\)", "")
            .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
            .replace(TagpulseJson.class.getPackageName() + ".", "");
    }

    /** The field in the record's own terms ({@code hashtags[2]}), not Jackson's (which names our classes). */
    private static String pathOf(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " (at field '" + path + "')";
    }

    private static String excerpt(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return "'" + (text.length() > MAX_ECHOED_CHARS ? text.substring(0, MAX_ECHOED_CHARS) + "…" : text) + "'";
    }
}
