package io.tagpulse.contracts;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagExtractorTests {

    private final HashtagExtractor extractor = new HashtagExtractor();

    private static Post post(String text, List<String> platformTags) {
        return new Post("p", "test", null, null, text, Instant.EPOCH, platformTags);
    }

    /** Cases across scripts, emoji, URLs and punctuation: text, then the hashtags as written (comma-separated). */
    static Stream<Arguments> textCases() {
        return Stream.of(
                Arguments.of("#java", "java"),
                Arguments.of("I love #Java and #kafka!", "Java,kafka"),
                Arguments.of("#1", ""),
                Arguments.of("#2026", ""),
                Arguments.of("#2026goals", "2026goals"),
                Arguments.of("#snake_case_tag", "snake_case_tag"),
                Arguments.of("#_", ""),
                Arguments.of("#_a", "_a"),
                Arguments.of("a#b", ""),
                Arguments.of("&#39;", ""),
                Arguments.of("_#under", ""),
                Arguments.of("#one#two", ""),
                Arguments.of("##double", "double"),
                Arguments.of("#tag, #other.", "tag,other"),
                Arguments.of("(#paren)", "paren"),
                Arguments.of("#end.", "end"),
                Arguments.of("#q?", "q"),
                Arguments.of("\"#quoted\"", "quoted"),
                Arguments.of("#café", "café"),
                Arguments.of("#Straße", "Straße"),
                Arguments.of("#naïve-idea", "naïve"),
                Arguments.of("#tag's", "tag"),
                Arguments.of("multi\n#line", "line"),
                Arguments.of("#tab\there", "tab"),
                Arguments.of("# space", ""),
                Arguments.of("#", ""),
                Arguments.of("abc #", ""),
                Arguments.of("＃ｆｕｌｌｗｉｄｔｈ", "ｆｕｌｌｗｉｄｔｈ"),
                Arguments.of("＃日本", "日本"),
                Arguments.of("#a＃b", ""),
                Arguments.of("#привет мир", "привет"),
                Arguments.of("Москва #Москва2026", "Москва2026"),
                Arguments.of("слово#нет", ""),
                Arguments.of("#مرحبا", "مرحبا"),
                Arguments.of("#السلام_عليكم", "السلام_عليكم"),
                Arguments.of("#٢٠٢٦", ""),
                Arguments.of("#مصر٢٠٢٦", "مصر٢٠٢٦"),
                Arguments.of("#שלום", "שלום"),
                Arguments.of("#צה״ל", "צה״ל"),
                Arguments.of("#हिन्दी", "हिन्दी"),
                Arguments.of("#भारत में", "भारत"),
                Arguments.of("#ภาษาไทย", "ภาษาไทย"),
                Arguments.of("สวัสดี#ไทย", ""),
                Arguments.of("#日本語", "日本語"),
                Arguments.of("東京#オリンピック", ""),
                Arguments.of("#ソフト・ウェア", "ソフト・ウェア"),
                Arguments.of("#한국어", "한국어"),
                Arguments.of("#中文，好", "中文"),
                Arguments.of("#tag🎉", "tag"),
                Arguments.of("🎉#party", "party"),
                Arguments.of("#🎉", ""),
                Arguments.of("#\uFE0F\u20E3 keycap", ""),
                Arguments.of("#\u20E3", ""),
                Arguments.of("\uFE0F#ok", "ok"),
                Arguments.of("#a\u200Db", "a\u200Db"),
                Arguments.of("#a\u200Cb", "a\u200Cb"),
                Arguments.of("see https://example.com/#anchor", ""),
                Arguments.of("https://example.com/path#frag", ""),
                Arguments.of("example.com/#frag", ""),
                Arguments.of("www.example.com/#frag", ""),
                Arguments.of("#http://x.y", ""),
                Arguments.of("#tag http://t.co/x", "tag"),
                Arguments.of("http://x.io #after", "after"),
                Arguments.of("#tag://x", ""),
                Arguments.of("#a-b", "a"),
                Arguments.of("#a.b", "a"),
                Arguments.of("#a/b", "a"),
                Arguments.of("#a:b", "a"),
                Arguments.of("#a@b", "a"),
                Arguments.of("[#bracket]", "bracket"),
                Arguments.of("#x,#y", "x,y"));
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Full-width letters and digits fold to their plain forms.
        "ＪＡＶＡ, java",
        "Ｋａｆｋａ２０２６, kafka2026",
        // Turkish: the dotless ı is a letter of its own, never i; the dotted İ folds to i and a combining dot.
        "ın, ın",
        "IN, in",
        "ıstanbul, ıstanbul",
        "İstanbul, i\u0307stanbul",
        "İSTANBUL, i\u0307stanbul",
        // German: ß and the capital ẞ fold to ss, as STRASSE does.
        "Straße, strasse",
        "STRAẞE, strasse",
        "STRASSE, strasse",
        // Greek: the final sigma folds to σ, as the capital Σ does.
        "ΟΔΟΣ, οδοσ",
        "οδος, οδοσ",
        "ΣΟΦΙΑ, σοφια",
        // Compatibility forms (ligature, long s, micro sign) and Cherokee, which folds to its capitals.
        "ﬁre, fire",
        "ſtar, star",
        "µs, μs",
        "ꮳꮃꭹ, ᏣᎳᎩ",
        "ᏣᎳᎩ, ᏣᎳᎩ",
    })
    void shouldNormalizeWithNfkcAndUnicodeCaseFolding(String tag, String normalized) {
        assertThat(HashtagExtractor.normalize(tag)).isEqualTo(normalized);
    }

    @Test
    void shouldCountTheDotlessIApartFromI() {
        assertThat(extractor.extract(post("#ın #in #IN", null))).extracting(Hashtag::tag)
            .containsExactly("ın", "in");
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "#Kafka|kafka",
        "  #Kafka  |kafka",
        "Kafka|kafka",
        "＃ＫＡＦＫＡ|kafka",
        "#İstanbul|i\u0307stanbul",
        "##kafka|#kafka",
        "#|''",
        "'   '|''",
    })
    void shouldNormalizeATypedTagAsThePipelineCountsIt(String typed, String normalized) {
        assertThat(HashtagExtractor.normalizeTyped(typed)).isEqualTo(normalized);
    }
}
