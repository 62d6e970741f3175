package io.tagpulse.contracts;

import java.util.BitSet;
import java.util.regex.Pattern;

import com.twitter.twittertext.Regex;

/**
 * The character classes of twitter-text's hashtag rule, taken from its own compiled pattern so that the two can never
 * drift apart: letters and marks (a tag needs one), and letters, marks, digits and joiners (what a tag is made of, and
 * what may not stand right before its '#'). Lookups are a bit test for the Basic Multilingual Plane and the emoji and
 * historic scripts plane, computed once; rarer code points ask the pattern.
 */
final class HashtagCharacters {

    private static final int PRECOMPUTED = 0x20000;

    static final HashtagCharacters LETTERS;

    static final HashtagCharacters LETTERS_NUMERALS;

    static {
        // VALID_HASHTAG = (^|\uFE0E|\uFE0F|[^&LN])([#＃])(?![\uFE0F\u20E3])([LN]*[L][LN]*)
        String pattern = Regex.VALID_HASHTAG.pattern();
        String lettersNumerals = between(pattern, "[^&", "])([#");
        String tagGroup = pattern.substring(pattern.indexOf("(?![\uFE0F\u20E3])"));
        String afterFirstClass = tagGroup.substring(tagGroup.indexOf("]*[") + 3);
        String letters = afterFirstClass.substring(0, afterFirstClass.indexOf("]["));
        LETTERS = new HashtagCharacters("[" + letters + "]");
        LETTERS_NUMERALS = new HashtagCharacters("[" + lettersNumerals + "]");
    }

    private final Pattern pattern;

    private final BitSet members = new BitSet(PRECOMPUTED);

    private HashtagCharacters(String characterClass) {
        this.pattern = Pattern.compile(characterClass);
        for (int cp = 0; cp < PRECOMPUTED; cp++) {
            if (Character.isDefined(cp) && !Character.isSurrogate((char) cp) || cp >= 0x10000) {
                if (pattern.matcher(Character.toString(cp)).matches()) {
                    members.set(cp);
                }
            }
        }
    }

    boolean contains(int codePoint) {
        if (codePoint < PRECOMPUTED) {
            return members.get(codePoint);
        }
        return pattern.matcher(Character.toString(codePoint)).matches();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("twitter-text's hashtag pattern has an unexpected shape: " + text);
        }
        return text.substring(from + start.length(), to);
    }
}
