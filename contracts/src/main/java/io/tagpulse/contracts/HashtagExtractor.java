package io.tagpulse.contracts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.twitter.twittertext.Extractor;

/**
 * The hashtag rules of the pipeline, in one place: which hashtags a post has and how they are normalized for
 * counting. The filter and the processor both use it, so they always agree on what a post's hashtags are.
 * <p>
 * A post's hashtags are the platform's own list when it has one, else those written in its text by the rules of
 * twitter-text, the reference of this field: {@code #} or the full-width {@code ＃} (but not the keycap emoji
 * {@code #️⃣}); then Unicode letters, marks, decimal digits, underscore, ZWJ/ZWNJ and a few script-specific joiners
 * (such as the katakana middle dot), with at least one letter or mark; not preceded by a letter, mark, digit,
 * {@code &} or joiner; not followed by another {@code #}/{@code ＃} or by {@code ://}; and none inside a URL (with
 * or without a scheme, by twitter-text's URL and top-level-domain rules).
 * <p>
 * The extraction gives exactly twitter-text's answer (a differential test holds it to that) at a fraction of the
 * cost: see {@link #fromText(String)}.
 */
public final class HashtagExtractor {

    /** Thread-safe once built: its settings are never changed after construction. */
    private static final Extractor TWITTER_TEXT = new Extractor();

    /** @return the post's distinct hashtags in order of first appearance */
    public List<Hashtag> extract(Post post) {
        List<String> written = post.hashtags() != null ? post.hashtags() : fromText(post.text());
        if (written.isEmpty()) {
            return List.of();
        }
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
     * Normalizes a tag for counting, the one place it is done: Unicode NFKC (full-width and compatibility forms fold to
     * their plain form), then Unicode's default case folding, then NFKC again (so that a folded letter followed by a
     * combining mark composes as it would have been typed). Case folding is not "upper then lower case": that round
     * trip turns the Turkish dotless {@code ı} into {@code i}, which folding leaves alone. Folding is locale-free, so
     * {@code İ} folds to {@code i̇} (i and a combining dot), {@code ß} and {@code ẞ} to {@code ss}, and the Greek final
     * {@code ς} to {@code σ}. An ASCII tag, the common case, is only lower-cased.
     */
    public static String normalize(String tag) {
        if (isAscii(tag)) {
            return tag.toLowerCase(Locale.ROOT);
        }
        String nfkc = Normalizer.normalize(tag, Normalizer.Form.NFKC);
        return Normalizer.normalize(foldCase(nfkc), Normalizer.Form.NFKC);
    }

    /**
     * Normalizes a tag as a person types it (a rule, a query, a block list): surrounding white space and one leading
     * {@code #} (or its full-width form {@code ＃}) are dropped, then the tag is {@linkplain #normalize normalized}.
     *
     * @return the tag as the pipeline counts it; empty if nothing but white space and '#' was typed
     */
    public static String normalizeTyped(String typed) {
        return normalize(typed.strip().replaceFirst("^[#＃]", "")).strip();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Unicode's default full case folding (CaseFolding.txt, statuses C and F) for text already in NFKC: each code
     * point's lower case, except where folding says otherwise. NFKC has already turned the compatibility characters
     * folding also maps (long s, micro sign, the Greek symbol variants, the ligatures) into their plain letters, so
     * what remains are the expansions of sharp s and dotted capital I, the final sigma, the iota subscript, and
     * Cherokee, which folds to its capitals. (Greek letters with an iota subscript keep the subscript instead of
     * spelling it as a second letter: both cases of such a letter still fold alike.)
     */
    static String foldCase(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case 0x00DF, 0x1E9E -> folded.append("ss");
                case 0x0130 -> folded.append("i\u0307");
                case 0x03C2 -> folded.append('\u03C3');
                case 0x0345 -> folded.append('\u03B9');
                default -> {
                    if (codePoint >= 0xAB70 && codePoint <= 0xABBF) {
                        folded.appendCodePoint(codePoint - 0xAB70 + 0x13A0);
                    }
                    else if (codePoint >= 0x13F8 && codePoint <= 0x13FD) {
                        folded.appendCodePoint(codePoint - 8);
                    }
                    else if (codePoint >= 0x13A0 && codePoint <= 0x13F5) {
                        folded.appendCodePoint(codePoint);
                    }
                    else {
                        folded.appendCodePoint(Character.toLowerCase(codePoint));
                    }
                }
            }
        });
        return folded.toString();
    }

    /**
     * The hashtags written in the text, as written (without the marker), duplicates included: the same answer as
     * twitter-text's {@code Extractor.extractHashtags}, computed in one pass over the text. twitter-text's URL
     * extraction, its costliest step, runs only when a hashtag could lie inside a URL: when the run of non-space
     * characters before a candidate's '#' contains a dot, colon or slash (a domain or a scheme).
     */
    public List<String> fromText(String text) {
        if (text == null) {
            return List.of();
        }
        int hash = indexOfHashSign(text, 0);
        if (hash < 0) {
            return List.of();
        }
        List<Extractor.Entity> found = new ArrayList<>(4);
        boolean mayBeInUrl = false;
        int length = text.length();
        int consumed = 0;
        while (hash >= 0) {
            int end = tagEnd(text, hash, consumed);
            if (end < 0) {
                hash = indexOfHashSign(text, hash + 1);
                continue;
            }
            if (!followedByHashOrScheme(text, end)) {
                found.add(new Extractor.Entity(hash, end, text.substring(hash + 1, end), Extractor.Entity.Type.HASHTAG));
                mayBeInUrl |= urlMarkInRunBefore(text, hash);
            }
            consumed = end;
            hash = end < length ? indexOfHashSign(text, end) : -1;
        }
        if (mayBeInUrl) {
            dropThoseInUrls(text, found);
        }
        List<String> tags = new ArrayList<>(found.size());
        found.forEach(entity -> tags.add(entity.getValue()));
        return tags;
    }

    /**
     * @param consumed where the previous match, kept or rejected, ended: like the regular expression, a match cannot
     *        use a character an earlier one consumed as the one before its '#'
     * @return where the tag of the '#' at {@code hash} ends, or -1 when that '#' starts no hashtag
     */
    private static int tagEnd(String text, int hash, int consumed) {
        if (hash > 0) {
            int before = text.codePointBefore(hash);
            if (hash - Character.charCount(before) < consumed) {
                return -1;
            }
            boolean allowed = before == '\uFE0E' || before == '\uFE0F'
                    || (before != '&' && !HashtagCharacters.LETTERS_NUMERALS.contains(before));
            if (!allowed) {
                return -1;
            }
        }
        int start = hash + 1;
        if (start < text.length() && (text.charAt(start) == '\uFE0F' || text.charAt(start) == '\u20E3')) {
            return -1; // the keycap emoji #️⃣
        }
        int end = start;
        boolean letter = false;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            if (!HashtagCharacters.LETTERS_NUMERALS.contains(cp)) {
                break;
            }
            letter |= HashtagCharacters.LETTERS.contains(cp);
            end += Character.charCount(cp);
        }
        return letter ? end : -1;
    }

    private static boolean followedByHashOrScheme(String text, int end) {
        return end < text.length() && (isHashSign(text.charAt(end)) || text.startsWith("://", end));
    }

    /** @return whether the non-space run before the '#' has a dot, colon or slash, without which no URL reaches it */
    private static boolean urlMarkInRunBefore(String text, int hash) {
        for (int i = hash - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '.' || c == ':' || c == '/') {
                return true;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return false;
    }

    /** twitter-text's own rule: entities sorted by start; one that overlaps the previous one kept is dropped. */
    private static void dropThoseInUrls(String text, List<Extractor.Entity> hashtags) {
        List<Extractor.Entity> urls = TWITTER_TEXT.extractURLsWithIndices(text);
        if (urls.isEmpty()) {
            return;
        }
        List<Extractor.Entity> all = new ArrayList<>(hashtags);
        all.addAll(urls);
        all.sort(java.util.Comparator.comparingInt(Extractor.Entity::getStart));
        List<Extractor.Entity> kept = new ArrayList<>(hashtags.size());
        Extractor.Entity previous = null;
        for (Extractor.Entity entity : all) {
            if (previous != null && previous.getEnd() > entity.getStart()) {
                continue;
            }
            previous = entity;
            if (entity.getType() == Extractor.Entity.Type.HASHTAG) {
                kept.add(entity);
            }
        }
        hashtags.retainAll(kept);
    }

    private static int indexOfHashSign(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (isHashSign(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHashSign(char c) {
        return c == '#' || c == '＃';
    }

    private static String stripMarker(String tag) {
        String trimmed = tag.strip();
        return (!trimmed.isEmpty() && isHashSign(trimmed.charAt(0))) ? trimmed.substring(1) : trimmed;
    }
}
