package io.tagpulse.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.twitter.twittertext.Extractor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test: on random texts built from the pieces where hashtag rules are subtle (scripts, marks, joiners,
 * digits of several scripts, emoji and keycaps, full-width signs, URL fragments with and without a scheme, spaces of
 * several kinds), {@link HashtagExtractor} gives exactly twitter-text's answer.
 */
class HashtagExtractorAgreementTests {

    private static final String[] PIECES = { "#", "#", "#", "＃", " ", "  ", "\n", "\t", "\u00A0", "\u3000", "a", "Z",
            "é", "ß", "д", "Ж", "ع", "ש", "״", "हि", "न्", "\u0301", "ก", "ไ", "日", "本", "한", "ㅋ", "ー", "・", "〜", "·",
            "꙾", "1", "9", "٣", "_", "&", "&amp;", ".", "。", "．", ",", "!", "?", "=", "(", ")", "'", "\"", "-", "/", ":",
            "@", "@user", "$", "\u200D", "\u200C", "\uFE0E", "\uFE0F", "\u20E3", "#\uFE0F\u20E3", "🎉", "👍🏽", "😀#",
            "𝒜", "http://", "https://", "ftp://", "www.", "x.com/", "t.co/", "example.com", "bit.ly", "xn--p1ai", "/#",
            "://", "#a", "＃b", "1.2" };

    private final Extractor twitterText = new Extractor();

    private final HashtagExtractor extractor = new HashtagExtractor();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3 })
    void shouldAgreeWithTwitterTextOnRandomTexts(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(14);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String sample = text.toString();
            List<String> expected = twitterText.extractHashtags(sample);
            List<String> actual = extractor.fromText(sample);
            if (!expected.equals(actual) && disagreements.size() < 10) {
                disagreements.add(escape(sample) + " twitter-text=" + expected + " tagpulse=" + actual);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7E ? "\\u{" + Integer.toHexString(cp) + "}"
                : Character.toString(cp)));
        return out.toString();
    }
}
