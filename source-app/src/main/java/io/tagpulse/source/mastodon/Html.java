package io.tagpulse.source.mastodon;

import java.util.Map;

/**
 * Mastodon's status HTML as plain text: paragraphs and line breaks become newlines, tags are dropped, and the
 * character references Mastodon emits are decoded. Not a general HTML parser: Mastodon sanitizes content to a small
 * set of tags (p, br, a, span), which is all this handles.
 */
final class Html {

    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", "\u00A0");

    private Html() {
    }

    static String toText(String html) {
        StringBuilder text = new StringBuilder(html.length());
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    text.append(html, i, html.length());
                    break;
                }
                String tag = html.substring(i + 1, end).strip().toLowerCase(java.util.Locale.ROOT);
                if ((tag.startsWith("br") || tag.equals("/p")) && text.length() > 0) {
                    text.append('\n');
                }
                i = end + 1;
            }
            else if (c == '&') {
                int end = html.indexOf(';', i);
                String decoded = end > i ? decode(html.substring(i + 1, end)) : null;
                if (decoded == null) {
                    text.append(c);
                    i++;
                }
                else {
                    text.append(decoded);
                    i = end + 1;
                }
            }
            else {
                text.append(c);
                i++;
            }
        }
        return text.toString().strip();
    }

    private static String decode(String entity) {
        if (entity.startsWith("#x") || entity.startsWith("#X")) {
            return codePoint(entity.substring(2), 16);
        }
        if (entity.startsWith("#")) {
            return codePoint(entity.substring(1), 10);
        }
        return ENTITIES.get(entity);
    }

    private static String codePoint(String digits, int radix) {
        try {
            int cp = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(cp) ? Character.toString(cp) : null;
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
