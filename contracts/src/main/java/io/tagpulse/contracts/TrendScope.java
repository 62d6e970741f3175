package io.tagpulse.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a trend is judged: across everything ({@code global}), among the posts of one language ({@code language:en})
 * or of one platform ({@code platform:bluesky}). Every mention counts in the global scope, in its post's language's
 * scope when the language is known, and in its platform's scope; each scope has its own baselines and its own trends.
 *
 * @param kind {@link #GLOBAL}, {@link #LANGUAGE} or {@link #PLATFORM}
 * @param value the language's primary subtag or the platform, lower case; empty for {@code global}
 */
public record TrendScope(String kind, String value) {

    public static final String GLOBAL = "global";

    public static final String LANGUAGE = "language";

    public static final String PLATFORM = "platform";

    /** The longest value a scope accepts (a platform name or a language subtag). */
    public static final int MAX_VALUE_LENGTH = 40;

    private static final Pattern VALUE = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_VALUE_LENGTH - 1) + "}");

    /** The one global scope. */
    public static final TrendScope GLOBAL_SCOPE = new TrendScope(GLOBAL, "");

    public TrendScope {
        if (GLOBAL.equals(kind)) {
            if (value != null && !value.isEmpty()) {
                throw new IllegalArgumentException("the global scope has no value, got '" + value + "'");
            }
            value = "";
        }
        else if (LANGUAGE.equals(kind) || PLATFORM.equals(kind)) {
            if (value == null || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("a " + kind + " scope needs a value of lower-case letters, digits,"
                        + " '.', '_' or '-' (at most " + MAX_VALUE_LENGTH + "), got '" + value + "'");
            }
        }
        else {
            throw new IllegalArgumentException("unknown scope kind '" + kind + "': global, language or platform");
        }
    }

    /** @return the scope of a language, its primary subtag lower-cased ({@code pt-BR} → {@code language:pt}) */
    public static TrendScope language(String language) {
        String primary = language.strip().toLowerCase(Locale.ROOT);
        int dash = primary.indexOf('-');
        return new TrendScope(LANGUAGE, dash > 0 ? primary.substring(0, dash) : primary);
    }

    /** @return the scope of a platform, lower-cased */
    public static TrendScope platform(String platform) {
        return new TrendScope(PLATFORM, platform.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * @param text {@code global}, {@code language:<subtag>} or {@code platform:<name>}
     * @return the scope it names
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static TrendScope parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a scope is global, language:<subtag> or platform:<name>, got nothing");
        }
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        return colon < 0 ? new TrendScope(trimmed, "")
                : new TrendScope(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }

    /** @return the scope as {@link #parse} reads it: {@code global}, {@code language:en}, {@code platform:x} */
    @Override
    public String toString() {
        return value.isEmpty() ? kind : kind + ":" + value;
    }
}
