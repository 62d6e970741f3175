package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads {@link Post}s and {@link HashtagMention}s token by token, without databind, for the records the pipeline
 * writes: an object of known fields holding strings, {@code null}s, an array of strings and an int version, plus
 * unknown fields of any kind. It does not validate the record, and it declines ({@code null}) everything else (a
 * field of an unexpected type, a duplicate field, a time not in the simple ISO form {@link IsoInstant} reads,
 * unreadable JSON, content after the object...), leaving it to the databind reader, which then accepts or rejects it
 * exactly as it always did.
 */
final class StreamingReaders {

    private static final int ID = 1;
    private static final int PLATFORM = 1 << 1;
    private static final int AUTHOR = 1 << 2;
    private static final int LANGUAGE = 1 << 3;
    private static final int TEXT = 1 << 4;
    private static final int CREATED_AT = 1 << 5;
    private static final int HASHTAGS = 1 << 6;
    private static final int REPOST_OF = 1 << 7;
    private static final int VERSION = 1 << 8;
    private static final int TAG = 1 << 9;
    private static final int DISPLAY = 1 << 10;
    private static final int POST_ID = 1 << 11;
    private static final int EVENT_TIME = 1 << 12;
    private static final int CO_TAGS = 1 << 13;

    private StreamingReaders() {
    }

    /** @return the post the JSON holds (not yet validated), or {@code null} when the databind reader must decide */
    static Post post(ObjectMapper mapper, byte[] json) {
        return read(mapper, json, new PostFields());
    }

    /** @return the mention the JSON holds (not yet validated), or {@code null} when the databind reader must decide */
    static HashtagMention mention(ObjectMapper mapper, byte[] json) {
        return read(mapper, json, new MentionFields());
    }

    /** One record's known fields, filled as the object is read. */
    private interface Fields<T> {

        /** @return the bit of a known field, 0 for an unknown one */
        int bit(String name);

        /** Reads the value of the known field {@code bit}, whose first token is {@code token}. */
        void read(int bit, JsonParser parser, JsonToken token);

        T build();
    }

    /** Reads one object of known fields into {@code fields}; declines a duplicate field or anything unexpected. */
    private static <T> T read(ObjectMapper mapper, byte[] json, Fields<T> fields) {
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                int field = fields.bit(name);
                if (field == 0) {
                    skipUnknown(parser);
                    continue;
                }
                if ((seen & field) != 0) {
                    return null;
                }
                seen |= field;
                fields.read(field, parser, token);
            }
            end(parser);
            return fields.build();
        }
        catch (Declined | JacksonException ex) {
            return null;
        }
    }

    private static final class PostFields implements Fields<Post> {

        private String id;
        private String platform;
        private String author;
        private String language;
        private String text;
        private Instant createdAt;
        private List<String> hashtags;
        private String repostOf;
        private Integer version;

        @Override
        public int bit(String name) {
            return switch (name) {
                case "id" -> ID;
                case "platform" -> PLATFORM;
                case "author" -> AUTHOR;
                case "language" -> LANGUAGE;
                case "text" -> TEXT;
                case "createdAt" -> CREATED_AT;
                case "hashtags" -> HASHTAGS;
                case "repostOf" -> REPOST_OF;
                case "version" -> VERSION;
                default -> 0;
            };
        }

        @Override
        public void read(int bit, JsonParser parser, JsonToken token) {
            switch (bit) {
                case ID -> id = string(parser, token);
                case PLATFORM -> platform = string(parser, token);
                case AUTHOR -> author = string(parser, token);
                case LANGUAGE -> language = string(parser, token);
                case TEXT -> text = string(parser, token);
                case CREATED_AT -> createdAt = instant(parser, token);
                case HASHTAGS -> hashtags = strings(parser, token);
                case REPOST_OF -> repostOf = string(parser, token);
                default -> version = integer(parser, token);
            }
        }

        @Override
        public Post build() {
            return new Post(id, platform, author, language, text, createdAt, hashtags, repostOf, version);
        }
    }

    private static final class MentionFields implements Fields<HashtagMention> {

        private String tag;
        private String display;
        private String postId;
        private String platform;
        private String language;
        private Instant eventTime;
        private String author;
        private List<String> coTags;
        private Integer version;

        @Override
        public int bit(String name) {
            return switch (name) {
                case "tag" -> TAG;
                case "display" -> DISPLAY;
                case "postId" -> POST_ID;
                case "platform" -> PLATFORM;
                case "language" -> LANGUAGE;
                case "eventTime" -> EVENT_TIME;
                case "author" -> AUTHOR;
                case "coTags" -> CO_TAGS;
                case "version" -> VERSION;
                default -> 0;
            };
        }

        @Override
        public void read(int bit, JsonParser parser, JsonToken token) {
            switch (bit) {
                case TAG -> tag = string(parser, token);
                case DISPLAY -> display = string(parser, token);
                case POST_ID -> postId = string(parser, token);
                case PLATFORM -> platform = string(parser, token);
                case LANGUAGE -> language = string(parser, token);
                case EVENT_TIME -> eventTime = instant(parser, token);
                case AUTHOR -> author = string(parser, token);
                case CO_TAGS -> coTags = strings(parser, token);
                default -> version = integer(parser, token);
            }
        }

        @Override
        public HashtagMention build() {
            return new HashtagMention(tag, display, postId, platform, language, eventTime, author, coTags, version);
        }
    }

    /**
     * Skips the value of an unknown field as databind does: it copies unknown values into a buffer, which decodes their
     * strings (and so refuses, say, a UTF-8-encoded surrogate that a mere {@code skipChildren()} lets through) and
     * sizes their integers.
     */
    private static void skipUnknown(JsonParser parser) {
        int depth = 0;
        for (JsonToken token = parser.currentToken(); ; token = parser.nextToken()) {
            if (token == null) {
                throw Declined.INSTANCE;
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> parser.getStringCharacters();
                case VALUE_NUMBER_INT -> parser.getNumberType();
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
        }
    }

    /** The object must be the whole input (databind refuses trailing tokens, with its own message). */
    private static void end(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw Declined.INSTANCE;
        }
    }

    private static String string(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Declined.INSTANCE;
    }

    private static Instant instant(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw Declined.INSTANCE;
        }
        Instant instant = IsoInstant.parse(parser.getString());
        if (instant == null) {
            throw Declined.INSTANCE;
        }
        return instant;
    }

    private static List<String> strings(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw Declined.INSTANCE;
        }
        List<String> strings = new ArrayList<>();
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            strings.add(string(parser, element));
        }
        return strings;
    }

    private static Integer integer(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            throw Declined.INSTANCE;
        }
        return parser.getIntValue();
    }

    /** Signals a record left to databind; preallocated and without a stack trace, so declining costs nothing. */
    private static final class Declined extends RuntimeException {

        private static final Declined INSTANCE = new Declined();

        private Declined() {
            super("left to databind", null, false, false);
        }
    }
}
