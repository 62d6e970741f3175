package io.tagpulse.contracts;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagExtractorTests {

    private final HashtagExtractor extractor = new HashtagExtractor();

    private static Post post(String text, List<String> platformTags) {
        return new Post("p", "test", null, null, text, Instant.EPOCH, platformTags);
    }

    static Stream<Arguments> textCases() {
        return Stream.of(
                Arguments.of("#java", "java"),
                Arguments.of("I love #Java and #kafka!", "Java,kafka"),
                Arguments.of("#1", ""),
                Arguments.of("#2026", ""),
                Arguments.of("#2026goals", "2026goals"),
                Arguments.of("#snake_case_tag", "snake_case_tag"),
                Arguments.of("a#b", ""),
                Arguments.of("&#39;", ""),
                Arguments.of("_#under", ""),
                Arguments.of("#one#two", ""),
                Arguments.of("##double", "double"),
                Arguments.of("#tag, #other.", "tag,other"),
                Arguments.of("(#paren)", "paren"),
                Arguments.of("＃ｆｕｌｌｗｉｄｔｈ", "ｆｕｌｌｗｉｄｔｈ"),
                Arguments.of("#café", "café"),
                Arguments.of("#привет мир", "привет"),
                Arguments.of("#مرحبا", "مرحبا"),
                Arguments.of("#שלום", "שלום"),
                Arguments.of("#हिन्दी", "हिन्दी"),
                Arguments.of("#ภาษาไทย", "ภาษาไทย"),
                Arguments.of("#日本語", "日本語"),
                Arguments.of("see https://example.com/#anchor", ""),
                Arguments.of("www.example.com/#frag", ""),
                Arguments.of("#http://x.y", ""),
                Arguments.of("#\uFE0F\u20E3 keycap", ""),
                Arguments.of("#tag🎉", "tag"),
                Arguments.of("#a\u200Db", "a\u200Db"),
                Arguments.of("multi\n#line", "line"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("textCases")
    void shouldExtractHashtagsFromTextByTheRules(String text, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(extractor.fromText(text)).containsExactlyElementsOf(want);
    }

    @Test
    void shouldPreferThePlatformListOverTheText() {
        List<Hashtag> tags = extractor.extract(post("#ignored in text", List.of("Kafka", "#Streams")));

        assertThat(tags).containsExactly(new Hashtag("kafka", "Kafka"), new Hashtag("streams", "Streams"));
    }

    @Test
    void shouldDeduplicateWithinAPostKeepingFirstDisplayForm() {
        List<Hashtag> tags = extractor.extract(post("#Java #JAVA #java #ｊａｖａ", null));

        assertThat(tags).containsExactly(new Hashtag("java", "Java"));
    }

    @Test
    void shouldNormalizeWithNfkcAndLocaleIndependentCaseFolding() {
        assertThat(HashtagExtractor.normalize("ＪＡＶＡ")).isEqualTo("java");
        assertThat(HashtagExtractor.normalize("Straße")).isEqualTo(HashtagExtractor.normalize("STRASSE"));
        assertThat(HashtagExtractor.normalize("İstanbul")).isEqualTo("i̇stanbul");
        assertThat(HashtagExtractor.normalize("ΣΟΦΙΑ")).isEqualTo("σοφια");
    }
}
