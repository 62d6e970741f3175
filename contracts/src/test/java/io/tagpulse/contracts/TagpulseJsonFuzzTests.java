package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the contract readers: whatever bytes arrive, a reader returns a valid record or throws
 * {@link InvalidRecordException} with a reason, never anything else (an unexpected exception would bypass the apps'
 * dead-letter handling). Each property is bounded in tries so that the whole class runs in a few seconds.
 */
class TagpulseJsonFuzzTests {

    private static final List<Function<byte[], Object>> READERS = List.of(TagpulseJson::readPost,
            TagpulseJson::readMention, TagpulseJson::readCount);

    private static final String POST = """
            {"id":"p1","platform":"bluesky","author":"a","language":"en","text":"hi #Kafka","createdAt":"2026-11-22T10:00:00Z","hashtags":["Kafka"],"repostOf":null,"version":1}""";

    private static final String MENTION = """
            {"tag":"kafka","display":"Kafka","postId":"p1","platform":"bluesky","language":"en","eventTime":"2026-11-22T10:00:00Z","version":1}""";

    private static final String COUNT = """
            {"tag":"kafka","windowStart":"2026-11-22T10:00:00Z","windowEnd":"2026-11-22T10:00:01Z","count":3,"display":"Kafka"}""";

    /** Values of every JSON type and of the edge cases that break naive readers. */
    private static final List<String> ODD_VALUES = List.of("null", "true", "0", "-1", "1e400", "-1e400",
            "99999999999999999999999", "1.5", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "[]", "[null]", "{}",
            "[1,[2,[3]]]", "\"+1000000000-12-31T23:59:59Z\"", "\"-1000000000-01-01T00:00:00Z\"",
            "\"1970-01-01T00:00:00Z\"", "\"3000-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "9223372036854775807",
            "-9223372036854775808", "\"NaN\"", "{\"$ref\":\"x\"}", "\"" + "x".repeat(5000) + "\"");

    private static final List<String> FIELDS = List.of("id", "platform", "author", "language", "text", "createdAt",
            "hashtags", "repostOf", "version", "tag", "display", "postId", "eventTime", "windowStart", "windowEnd",
            "count", "unknown");

    @Property(tries = 2000)
    void shouldThrowOnlyInvalidRecordOnArbitraryBytes(@ForAll("arbitraryBytes") byte[] data) {
        readersAccept(data);
    }

    @Property(tries = 2000)
    void shouldThrowOnlyInvalidRecordOnMutatedValidRecords(@ForAll("mutatedRecords") byte[] data) {
        readersAccept(data);
    }

    @Property(tries = 1000)
    void shouldThrowOnlyInvalidRecordWhenAFieldHoldsAnOddValue(@ForAll("recordsWithOddField") byte[] data) {
        readersAccept(data);
    }

    @Property(tries = 200)
    void shouldThrowOnlyInvalidRecordOnDeeplyNestedInput(@ForAll("deepNesting") byte[] data) {
        readersAccept(data);
    }

    /** Every reader either reads the bytes or rejects them with a reason; nothing else escapes. */
    private static void readersAccept(byte[] data) {
        for (Function<byte[], Object> reader : READERS) {
            try {
                Object value = reader.apply(data);
                assertThat(value).isNotNull();
            }
            catch (InvalidRecordException ex) {
                assertThat(ex.getMessage()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<byte[]> arbitraryBytes() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings()
            .withChars("{}[]\":,.-+0123456789eEtrufalsn \\u\t\n")
            .ofMaxLength(200)
            .map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> unicode = Arbitraries.strings().all().ofMaxLength(100)
            .map(text -> ("{\"id\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(raw, jsonish, unicode);
    }

    /** A valid record with bytes flipped, inserted, deleted or cut off: mostly invalid UTF-8 or broken JSON. */
    @Provide
    Arbitrary<byte[]> mutatedRecords() {
        Arbitrary<byte[]> valid = Arbitraries.of(POST, MENTION, COUNT).map(json -> json.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3))
            .as(TagpulseJsonFuzzTests::mutate);
    }

    /** @return {@code valid} with a byte flipped (kind 0), inserted (1) or deleted (2) at {@code where}, or cut there */
    static byte[] mutate(byte[] valid, int where, byte value, int kind) {
        int at = where % valid.length;
        switch (kind) {
            case 0 -> {
                byte[] flipped = valid.clone();
                flipped[at] = value;
                return flipped;
            }
            case 1 -> {
                byte[] inserted = new byte[valid.length + 1];
                System.arraycopy(valid, 0, inserted, 0, at);
                inserted[at] = value;
                System.arraycopy(valid, at, inserted, at + 1, valid.length - at);
                return inserted;
            }
            case 2 -> {
                byte[] deleted = new byte[valid.length - 1];
                System.arraycopy(valid, 0, deleted, 0, at);
                System.arraycopy(valid, at + 1, deleted, at, valid.length - at - 1);
                return deleted;
            }
            default -> {
                return Arrays.copyOf(valid, at);
            }
        }
    }

    /** A valid record with one field (known or not) replaced by a value of another type or an extreme one. */
    @Provide
    Arbitrary<byte[]> recordsWithOddField() {
        return Combinators.combine(Arbitraries.of(POST, MENTION, COUNT), Arbitraries.of(FIELDS),
                Arbitraries.of(ODD_VALUES))
            .as((json, field, value) -> {
                String replaced = json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]*)",
                        "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value));
                String result = replaced.equals(json)
                        ? json.substring(0, json.length() - 1) + ",\"" + field + "\":" + value + "}" : replaced;
                return result.getBytes(StandardCharsets.UTF_8);
            });
    }

    @Provide
    Arbitrary<byte[]> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of("[", "{\"a\":"))
            .as((depth, open) -> ("{\"id\":" + open.repeat(depth) + "1").getBytes(StandardCharsets.UTF_8));
    }
}
