package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The readers on each kind of bad input the pipeline documents: what is rejected (with a reason that becomes the
 * dead letter's {@code x-exception-message}) and what is read on purpose.
 */
class TagpulseJsonBadInputTests {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String post(String extra) {
        return "{\"id\":\"p1\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-11-22T10:00:00Z\"" + extra + "}";
    }

    @Test
    void shouldRejectInvalidUtf8NamingTheEncoding() {
        byte[] json = bytes(post(",\"author\":\"XX\""));
        int at = new String(json, StandardCharsets.UTF_8).indexOf("XX");
        json[at] = (byte) 0xC3;
        json[at + 1] = (byte) 0x28;

        assertThatThrownBy(() -> TagpulseJson.readPost(json))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("unreadable Post")
            .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRejectALoneContinuationByteAndATruncatedSequence() {
        assertThatThrownBy(() -> TagpulseJson.readPost(new byte[] { '{', '"', (byte) 0x80, '"', ':', '1', '}' }))
            .isInstanceOf(InvalidRecordException.class);
        byte[] truncated = bytes(post(",\"author\":\"é\""));
        assertThatThrownBy(() -> TagpulseJson.readPost(java.util.Arrays.copyOf(truncated, truncated.length - 3)))
            .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRejectWronglyTypedFieldsNamingTheField() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(
                "{\"id\":\"p1\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":{\"at\":1}}")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("createdAt");
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(post(",\"hashtags\":{\"a\":1}"))))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("hashtags");
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(post(",\"version\":\"two\""))))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("version");
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes(
                "{\"tag\":[\"a\"],\"display\":\"a\",\"postId\":\"p\",\"platform\":\"t\",\"eventTime\":\"2026-11-22T10:00:00Z\"}")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("tag");
    }

    @Test
    void shouldNameTheFieldInTheRecordsTermsNotTheReadersClasses() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(post(",\"hashtags\":[\"a\",{\"b\":1}]"))))
            .hasMessageContaining("(at field 'hashtags[1]')")
            .hasMessageNotContaining("io.tagpulse");
    }

    @Test
    void shouldRejectARecordThatIsNotAnObject() {
        for (String json : new String[] { "[]", "42", "\"post\"", "true" }) {
            assertThatThrownBy(() -> TagpulseJson.readPost(bytes(json))).as(json)
                .isInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void shouldRejectTrailingGarbageAfterTheRecord() {
        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(post("") + " {\"id\":\"p2\"}")))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("more JSON after the end of the record")
            .hasMessageNotContaining("io.tagpulse");
    }

    /**
     * The reason reaches HTTP clients and dead letters: it says which JSON kind was expected and which came, never a
     * Java type, a parser token or the library setting that would allow the input.
     */
    @Test
    void shouldSayWhatIsWrongInJsonTermsNotJavaTypes() {
        String[][] cases = {
            { "[" + post("") + "]", "unreadable Post: expected a JSON object, got an array" },
            { "42", "unreadable Post: expected a JSON object, got a number" },
            { post("").replace("\"p1\"", "[1]"), "expected a string, got an array (at field 'id')" },
            { post(",\"hashtags\":{}"), "expected an array, got an object (at field 'hashtags')" },
            { post(",\"version\":\"x\""), "expected a whole number, got the string \"x\" (at field 'version')" },
            { post(",\"version\":[]"), "expected a whole number, got an array (at field 'version')" },
            { post(",\"version\":99999999999999"),
                "expected a whole number from -2147483648 to 2147483647, got 99999999999999 (at field 'version')" },
            { post("").replace("\"2026-11-22T10:00:00Z\"", "\"soon\""),
                "expected an ISO-8601 instant string such as \"2026-11-22T10:00:00Z\", got the string \"soon\"" },
            { "{\"id\":NaN}", "Non-standard token 'NaN'" },
            { "/* c */" + post(""), "maybe a (non-standard) comment?" },
            { "  ", "no JSON value in the input" },
        };
        for (String[] row : cases) {
            assertThatThrownBy(() -> TagpulseJson.readPost(bytes(row[0]))).as(row[0])
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(row[1])
                .message()
                .doesNotContain("JsonToken", "java.", "`", "Feature", "Cannot deserialize", "Creator");
        }
        String mention = "{\"tag\":{},\"display\":\"a\",\"postId\":\"p\",\"platform\":\"t\","
                + "\"eventTime\":\"2026-11-22T10:00:00Z\"}";
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes(mention)))
            .hasMessage("unreadable HashtagMention: expected a string, got an object (at field 'tag') in '" + mention
                    + "'");
    }

    /** A number is ambiguous (seconds or millis?) and 1e400 used to read as 1970 without a word. */
    @Test
    void shouldRejectNumericTimesNamingTheField() {
        for (String number : new String[] { "1e400", "1.5", "1700000000000", "99999999999999999999999" }) {
            assertThatThrownBy(() -> TagpulseJson.readPost(bytes(
                    "{\"id\":\"p1\",\"platform\":\"t\",\"text\":\"\",\"createdAt\":" + number + "}")))
                .as(number)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("createdAt");
        }
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes(
                "{\"tag\":\"a\",\"display\":\"a\",\"postId\":\"p\",\"platform\":\"t\",\"eventTime\":0}")))
            .hasMessageContaining("expected an ISO-8601 instant string")
            .hasMessageContaining("eventTime");
    }

    @Test
    void shouldStillReadIsoTimesWithAnOffset() {
        assertThat(TagpulseJson.readPost(bytes(post("").replace("2026-11-22T10:00:00Z", "2026-11-22T12:00:00+02:00")))
            .createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    /** The readers do not judge plausibility: the counter's windows do (late, or clamped to the record time). */
    @Test
    void shouldReadAbsurdButWellFormedTimestamps() {
        assertThat(TagpulseJson.readPost(bytes(post("").replace("2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z")))
            .createdAt()).isEqualTo(Instant.EPOCH);
        assertThat(TagpulseJson.readPost(bytes(post("").replace("2026-11-22T10:00:00Z", "3000-01-01T00:00:00Z")))
            .createdAt()).isEqualTo(Instant.parse("3000-01-01T00:00:00Z"));
    }

    @Test
    void shouldReadANewerVersionIgnoringItsUnknownFieldsAndRejectAVersionBelowOne() {
        Post newer = TagpulseJson.readPost(bytes(post(",\"version\":7,\"reactions\":{\"like\":3},\"media\":[1,2]")));
        assertThat(newer.version()).isEqualTo(7);
        assertThat(newer.id()).isEqualTo("p1");

        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(post(",\"version\":0"))))
            .hasMessageContaining("field 'version' must be at least 1, was 0");
        assertThatThrownBy(() -> TagpulseJson.readMention(bytes(
                "{\"tag\":\"a\",\"display\":\"a\",\"postId\":\"p\",\"platform\":\"t\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"version\":-3}")))
            .hasMessageContaining("field 'version' must be at least 1, was -3");
    }

    @Test
    void shouldReadAPostWithTenThousandHashtagsLeavingTheCapToTheStages() {
        String tags = IntStream.range(0, 10_000).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));

        Post post = TagpulseJson.readPost(bytes(post(",\"hashtags\":[" + tags + "]")));

        assertThat(post.hashtags()).hasSize(10_000);
    }

    @Test
    void shouldEchoOnlyAShortExcerptOfAHugeUnreadableRecord() {
        String huge = "{\"id\":\"" + "x".repeat(10 * 1024 * 1024);

        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(huge)))
            .isInstanceOf(InvalidRecordException.class)
            .satisfies(ex -> assertThat(ex.getMessage()).hasSizeLessThan(2000));
    }

    @Test
    void shouldRejectADeeplyNestedRecordWithoutAStackOverflow() {
        String deep = "{\"id\":" + "[".repeat(100_000);

        assertThatThrownBy(() -> TagpulseJson.readPost(bytes(deep))).isInstanceOf(InvalidRecordException.class);
    }
}
