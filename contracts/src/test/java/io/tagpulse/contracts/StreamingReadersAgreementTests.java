package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming readers of posts and mentions agree with the databind readers they replace: on any input, both return
 * equal records or both throw {@link InvalidRecordException} with the same message. Bounded in tries so that the class
 * runs in a few seconds.
 */
class StreamingReadersAgreementTests {

    private static final List<String> POST_FIELDS = List.of("id", "platform", "author", "language", "text",
            "createdAt", "hashtags", "repostOf", "version");

    private static final List<String> MENTION_FIELDS = List.of("tag", "display", "postId", "platform", "language",
            "eventTime", "author", "coTags", "version");

    /** Names that are not fields of the record read, some close to one that is. */
    private static final List<String> UNKNOWN_FIELDS = List.of("likes", "nested", "ID", "Id", "createdat",
            "created_at", "CreatedAt", "problems", "unknown", "", "id ", "tag", "eventTime", "hashtags", "count",
            "windowStart", "media", "$ref", "@type");

    private static final List<String> ODD_VALUES = List.of("true", "false", "0", "1", "-1", "1.0", "1.5", "1e400",
            "-1e400", "1E2", "99999999999999999999999", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "[]", "[null]", "[1]", "{}", "{\"a\":1}", "\"\"", "\" \"", "\"1\"", "\"2\"", "\"0\"",
            "\"two\"", "\"1700000000\"", "\"1700000000.5\"", "\"\\u0000\"", "\"\\ud800\"", "\"null\"", "\"true\"",
            "\"[]\"", "\" 2026-11-22T10:00:00Z\"", "\"2026-11-22T10:00:00Z \"", "\"2026-11-22T10:00:00+0200\"",
            "\"2026-11-22T24:00:00Z\"", "\"2026-11-22T23:59:60Z\"", "\"2026-11-22T10:00:00.123+01:00\"",
            "\"2026-02-29T10:00:00Z\"", "\"+12026-11-22T10:00:00Z\"", "\"2026-11-22T10:00Z\"",
            "\"2026-11-22T10:00:00+02:00[Europe/Paris]\"", "\"2026-11-22\"");

    private static final List<String> TRAILERS = List.of("", "", "", " ", "\n", "\t \r\n", " x", "{}", " {\"id\":\"p2\"}",
            " null", "]", "}", ",", " 1", "/* c */", "// c", "\u0000");

    @Property(tries = 3000)
    void shouldReadPostsAsDatabindDoes(@ForAll("posts") byte[] json) {
        assertAgreement(json, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
    }

    @Property(tries = 3000)
    void shouldReadMentionsAsDatabindDoes(@ForAll("mentions") byte[] json) {
        assertAgreement(json, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
    }

    @Property(tries = 2000)
    void shouldReadMutatedRecordsAsDatabindDoes(@ForAll("mutatedRecords") byte[] json) {
        assertAgreement(json, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
        assertAgreement(json, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
    }

    @Property(tries = 1500)
    void shouldReadArbitraryInputAsDatabindDoes(@ForAll("jsonish") byte[] json) {
        assertAgreement(json, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
        assertAgreement(json, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
    }

    @Example
    void shouldReadTheEdgeCasesAsDatabindDoes() {
        String post = "{\"id\":\"p1\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-11-22T10:00:00Z\"";
        String mention = "{\"tag\":\"a\",\"display\":\"A\",\"postId\":\"p\",\"platform\":\"t\","
                + "\"eventTime\":\"2026-11-22T10:00:00Z\"";
        List<String> inputs = new ArrayList<>(List.of("", " ", "null", "{}", "[]", "42", "\"post\"", "true", "{",
                "{\"id\":", "{} x", "{}{}", "{}  ", "[{}]", "\uFEFF{}"));
        for (String extra : List.of("", ",\"version\":null", ",\"version\":2", ",\"version\":0",
                ",\"version\":\"2\"", ",\"version\":1.0", ",\"version\":2147483648", ",\"hashtags\":null",
                ",\"hashtags\":[]", ",\"hashtags\":[null]", ",\"hashtags\":[\" \"]", ",\"hashtags\":[\"a\",1]",
                ",\"hashtags\":\"a\"", ",\"hashtags\":[[\"a\"]]", ",\"author\":null", ",\"author\":7",
                ",\"author\":{}", ",\"id\":\"p2\"", ",\"text\":null", ",\"createdAt\":null",
                ",\"eventTime\":null", ",\"x\":{\"y\":[1,{\"z\":null}]}", ",\"tag\":\"b\"", ",\"language\":\"\\u00e9\"")) {
            inputs.add(post + extra + "}");
            inputs.add(mention + extra + "}");
        }
        for (String input : inputs) {
            byte[] json = input.getBytes(StandardCharsets.UTF_8);
            assertAgreement(json, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
            assertAgreement(json, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
        }
        String complete = post + ",\"author\":\"a\",\"language\":\"en\",\"hashtags\":[],\"repostOf\":null,"
                + "\"version\":1";
        for (String record : List.of(post, complete, mention + ",\"language\":null,\"version\":1")) {
            byte[] surrogateFirst = concat(utf8("{\"x\":\""), bytes(0xED, 0xA0, 0x80), utf8("\","),
                    utf8(record.substring(1) + "}"));
            byte[] surrogateLast = concat(utf8(record + ",\"x\":\""), bytes(0xED, 0xA0, 0x80), utf8("\"}"));
            for (byte[] json : List.of(surrogateFirst, surrogateLast)) {
                assertAgreement(json, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
                assertAgreement(json, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
            }
        }
        assertAgreement(null, TagpulseJson::readPost, TagpulseJson::readPostWithDatabind);
        assertAgreement(null, TagpulseJson::readMention, TagpulseJson::readMentionWithDatabind);
    }

    private static void assertAgreement(byte[] json, Function<byte[], Object> reader,
            Function<byte[], Object> reference) {
        String input = json == null ? "null bytes" : new String(json, StandardCharsets.UTF_8);
        assertThat(outcome(json, reader)).as(input).isEqualTo(outcome(json, reference));
    }

    /** A record read, or the exception's type and message. */
    private static Object outcome(byte[] json, Function<byte[], Object> reader) {
        try {
            return Objects.requireNonNull(reader.apply(json == null ? null : json.clone()));
        }
        catch (RuntimeException ex) {
            return ex.getClass().getName() + ": " + ex.getMessage();
        }
    }

    @Provide
    Arbitrary<byte[]> posts() {
        return Arbitraries.randomValue(random -> utf8(record(random, POST_FIELDS)));
    }

    @Provide
    Arbitrary<byte[]> mentions() {
        return Arbitraries.randomValue(random -> utf8(record(random, MENTION_FIELDS)));
    }

    /** Generated records with bytes flipped, inserted, deleted, cut off, or raw bytes in an unknown field. */
    @Provide
    Arbitrary<byte[]> mutatedRecords() {
        return Arbitraries.randomValue(random -> {
            byte[] valid = utf8(record(random, random.nextBoolean() ? POST_FIELDS : MENTION_FIELDS));
            int kind = random.nextInt(5);
            return kind < 4 ? TagpulseJsonFuzzTests.mutate(valid, random.nextInt(valid.length),
                    (byte) random.nextInt(256), kind) : rawBytesInAnUnknownField(random, valid);
        });
    }

    @Provide
    Arbitrary<byte[]> jsonish() {
        Arbitrary<byte[]> tokens = Arbitraries.strings()
            .withChars("{}[]\":,.-+0123456789eEtrufalsn \\u\t\n")
            .ofMaxLength(100)
            .map(StreamingReadersAgreementTests::utf8);
        Arbitrary<byte[]> fields = Arbitraries.randomValue(random -> {
            StringBuilder json = new StringBuilder("{");
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String name = random.nextBoolean() ? pick(random, POST_FIELDS) : pick(random, MENTION_FIELDS);
                json.append(i == 0 ? "" : ",").append(quote(random, name)).append(':').append(anyValue(random, 2));
            }
            return utf8(json.append(random.nextInt(8) == 0 ? "" : "}").toString());
        });
        return Arbitraries.oneOf(tokens, fields);
    }

    /** A record of the given fields, each present or not, well typed or odd, with unknown fields and duplicates. */
    private static String record(Random random, List<String> fields) {
        List<String> members = new ArrayList<>();
        for (String field : fields) {
            int presence = random.nextInt(40);
            if (presence == 0) {
                continue;
            }
            members.add(quote(random, field) + ":" + valueOf(random, field));
            if (presence == 1) {
                members.add(quote(random, field) + ":" + valueOf(random, field));
            }
        }
        int unknown = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < unknown; i++) {
            members.add(quote(random, pick(random, UNKNOWN_FIELDS)) + ":" + anyValue(random, 3));
        }
        if (random.nextInt(4) == 0) {
            Collections.shuffle(members, random);
        }
        String space = random.nextInt(10) == 0 ? " " : "";
        String object = "{" + space + String.join("," + space, members) + space + "}";
        return switch (random.nextInt(60)) {
            case 0 -> "[" + object + "]";
            case 1 -> "null";
            default -> random.nextInt(8) == 0 ? object + pick(random, TRAILERS) : object;
        };
    }

    private static String valueOf(Random random, String field) {
        int kind = random.nextInt(40);
        if (kind == 0) {
            return "null";
        }
        if (kind == 1) {
            return pick(random, ODD_VALUES);
        }
        return switch (field) {
            case "createdAt", "eventTime" -> "\"" + (random.nextInt(8) == 0 ? IsoInstantTests.timestamp(random)
                    : IsoInstantTests.validTimestamp(random)) + "\"";
            case "hashtags", "coTags" -> {
                List<String> tags = new ArrayList<>();
                int count = random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    tags.add(switch (random.nextInt(12)) {
                        case 0 -> "null";
                        case 1 -> quote(random, random.nextBoolean() ? "" : " \t");
                        case 2 -> pick(random, ODD_VALUES);
                        default -> quote(random, text(random));
                    });
                }
                yield "[" + String.join(",", tags) + "]";
            }
            case "version" -> switch (random.nextInt(6)) {
                case 0 -> String.valueOf(random.nextInt());
                case 1 -> String.valueOf(random.nextLong());
                case 2 -> String.valueOf(random.nextInt(5) - 2);
                default -> "1";
            };
            default -> quote(random, text(random));
        };
    }

    /** Any JSON value, up to the given depth of nesting. */
    private static String anyValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> pick(random, ODD_VALUES);
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4, 5 -> quote(random, text(random));
            case 6 -> {
                List<String> elements = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    elements.add(anyValue(random, depth - 1));
                }
                yield "[" + String.join(",", elements) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    String name = random.nextBoolean() ? pick(random, POST_FIELDS) : text(random);
                    members.add(quote(random, name) + ":" + anyValue(random, depth - 1));
                }
                yield "{" + String.join(",", members) + "}";
            }
        };
    }

    private static String text(Random random) {
        int length = random.nextInt(12);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(12)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0x80 + random.nextInt(0x780));
                case 2 -> (char) (0xD800 + random.nextInt(0x800));
                case 3 -> "😀";
                case 4 -> ' ';
                case 5 -> '#';
                case 6 -> random.nextBoolean() ? '"' : '\\';
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return text.toString();
    }

    /** The text as a JSON string, escaping what must be and, now and then, what may be. */
    private static String quote(Random random, String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || random.nextInt(15) == 0) {
                json.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            }
            else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Byte sequences that UTF-8 decoders and skippers tell apart: surrogates, overlong forms, beyond U+10FFFF... */
    private static final List<byte[]> ODD_UTF8 = List.of(bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF),
            bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xC0, 0x80), bytes(0xC1, 0xBF), bytes(0xE0, 0x80, 0x80),
            bytes(0xF0, 0x80, 0x80, 0x80), bytes(0xF8, 0x88, 0x80, 0x80, 0x80), bytes(0xFF), bytes(0xC3),
            bytes(0xE2, 0x82), bytes(0x80), bytes(0xEF, 0xBB, 0xBF), bytes(0xF0, 0x9F, 0x98, 0x80), bytes(0x01),
            bytes(0x7F));

    /** The record with an unknown field, first or last, whose string holds odd or random bytes. */
    private static byte[] rawBytesInAnUnknownField(Random random, byte[] valid) {
        byte[] raw;
        if (random.nextBoolean()) {
            raw = pick(random, ODD_UTF8);
        }
        else {
            raw = new byte[1 + random.nextInt(4)];
            random.nextBytes(raw);
        }
        boolean nested = random.nextBoolean();
        byte[] field = concat(utf8(nested ? "\"unknown\":{\"k\":[1,\"" : "\"unknown\":\"a"), raw,
                utf8(nested ? "\"]}" : "\""));
        boolean isObject = valid.length > 2 && valid[0] == '{' && valid[valid.length - 1] == '}';
        if (!isObject) {
            return concat(utf8("{"), field, utf8("}"));
        }
        if (random.nextBoolean()) {
            return concat(utf8("{"), field, utf8(","), java.util.Arrays.copyOfRange(valid, 1, valid.length));
        }
        return concat(java.util.Arrays.copyOf(valid, valid.length - 1), utf8(","), field, utf8("}"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
