package io.tagpulse.contracts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hashtag rules of the pipeline, in one place: which hashtags a post has and how they are normalized for
 * counting. The filter and the processor both use it, so they always agree on what a post's hashtags are.
 * <p>
 * A post's hashtags are the platform's own list when it has one, else those written in its text: {@code #} or the
 * full-width {@code ＃} (not the keycap emoji), not preceded by a letter, digit, {@code &} or underscore, followed by letters, marks,
 * digits, underscores or ZWJ/ZWNJ with at least one that is not a digit; a tag directly followed by {@code #},
 * {@code ＃} or {@code ://} is no hashtag, and nothing inside a URL is one.
 */
public final class HashtagExtractor {

    private static final char ZWNJ = '\u200C';
    private static final char ZWJ = '\u200D';

    /** @return the post's distinct hashtags in order of first appearance */
    public List<Hashtag> extract(Post post) {
        List<String> written = post.hashtags() != null ? post.hashtags() : fromText(post.text());
        Map<String, Hashtag> distinct = new LinkedHashMap<>();
        for (String display : written) {
            String stripped = stripMarker(display);
            String tag = normalize(stripped);
            if (!tag.isEmpty()) {
                distinct.putIfAbsent(tag, new Hashtag(tag, stripped));
            }
        }
        return List.copyOf(distinct.values());
    }

    /**
     * Normalizes a tag for counting: Unicode NFKC (full-width and compatibility forms fold to their plain form), then
     * case-folded in a locale-independent way (upper then lower case, so that e.g. 'ß' and 'SS' count together).
     */
    public static String normalize(String tag) {
        String nfkc = Normalizer.normalize(tag, Normalizer.Form.NFKC);
        return nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** @return the hashtags written in the text, as written (without the marker), duplicates included */
    public List<String> fromText(String text) {
        List<String> tags = new ArrayList<>();
        if (text == null) {
            return tags;
        }
        int length = text.length();
        int i = 0;
        while (i < length) {
            int urlEnd = urlEndAt(text, i);
            if (urlEnd > i) {
                i = urlEnd;
                continue;
            }
            char c = text.charAt(i);
            if (isMarker(c) && (i == 0 || isAllowedBefore(text.codePointBefore(i))) && !isKeycap(text, i + 1)) {
                int end = i + 1;
                boolean hasNonDigit = false;
                while (end < length) {
                    int cp = text.codePointAt(end);
                    if (!isTagChar(cp)) {
                        break;
                    }
                    hasNonDigit |= !Character.isDigit(cp);
                    end += Character.charCount(cp);
                }
                if (end > i + 1 && hasNonDigit && !isFollowedByMarkerOrScheme(text, end)) {
                    tags.add(text.substring(i + 1, end));
                }
                i = Math.max(end, i + 1);
                continue;
            }
            i++;
        }
        return tags;
    }

    private static String stripMarker(String tag) {
        String trimmed = tag.strip();
        return (!trimmed.isEmpty() && isMarker(trimmed.charAt(0))) ? trimmed.substring(1) : trimmed;
    }

    private static boolean isMarker(char c) {
        return c == '#' || c == '＃';
    }

    private static boolean isAllowedBefore(int cp) {
        return !(Character.isLetterOrDigit(cp) || cp == '&' || cp == '_' || cp == ZWJ || cp == ZWNJ
                || Character.getType(cp) == Character.NON_SPACING_MARK);
    }

    private static boolean isTagChar(int cp) {
        if (cp == '_' || cp == ZWJ || cp == ZWNJ || Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** '#' followed by VS16 or the combining keycap is the keycap emoji #️⃣, not a hashtag. */
    private static boolean isKeycap(String text, int next) {
        return next < text.length() && (text.charAt(next) == '\uFE0F' || text.charAt(next) == '\u20E3');
    }

    private static boolean isFollowedByMarkerOrScheme(String text, int end) {
        return end < text.length() && (isMarker(text.charAt(end)) || text.startsWith("://", end));
    }

    /** @return the index after a URL starting at {@code i}, or {@code i} when none starts there */
    private static int urlEndAt(String text, int i) {
        if (i > 0 && Character.isLetterOrDigit(text.codePointBefore(i))) {
            return i;
        }
        int afterScheme;
        if (text.regionMatches(true, i, "https://", 0, 8)) {
            afterScheme = i + 8;
        }
        else if (text.regionMatches(true, i, "http://", 0, 7)) {
            afterScheme = i + 7;
        }
        else if (text.regionMatches(true, i, "www.", 0, 4)) {
            afterScheme = i + 4;
        }
        else {
            return i;
        }
        int end = afterScheme;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end;
    }
}
