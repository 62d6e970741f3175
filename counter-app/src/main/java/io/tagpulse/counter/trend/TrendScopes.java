package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;

/**
 * The scopes a mention counts in: {@code global}, its post's language ({@code language:<primary subtag>}) when known,
 * and its platform ({@code platform:<name>}), each only if its kind is judged. A language or platform that cannot name
 * a scope (say, with spaces in it) leaves the mention out of that scope only.
 */
public final class TrendScopes {

    private TrendScopes() {
    }

    /** @return the scopes of {@code mention} among the judged {@code kinds}, global first */
    public static List<TrendScope> of(HashtagMention mention, Set<String> kinds) {
        List<TrendScope> scopes = new ArrayList<>(3);
        if (kinds.contains(TrendScope.GLOBAL)) {
            scopes.add(TrendScope.GLOBAL_SCOPE);
        }
        if (kinds.contains(TrendScope.LANGUAGE) && mention.language() != null && !mention.language().isBlank()) {
            addIfValid(scopes, () -> TrendScope.language(mention.language()));
        }
        if (kinds.contains(TrendScope.PLATFORM) && mention.platform() != null && !mention.platform().isBlank()) {
            addIfValid(scopes, () -> TrendScope.platform(mention.platform()));
        }
        return scopes;
    }

    private static void addIfValid(List<TrendScope> scopes, Supplier<TrendScope> scope) {
        TrendScope valid = validOrNull(scope);
        if (valid != null) {
            scopes.add(valid);
        }
    }

    private static TrendScope validOrNull(Supplier<TrendScope> scope) {
        try {
            return scope.get();
        }
        catch (IllegalArgumentException ex) {
            return null; // Not a scope name (TrendScope says why); the mention still counts in its other scopes.
        }
    }

    /**
     * The state-key prefixes ({@code <scope>|}, see {@link TrendUpdate#key}) of the scopes {@link TrendScopes#of}
     * gives a mention, with each language and platform value's prefix remembered (at most
     * {@value #MAX_REMEMBERED} of each, forgotten all at once beyond): the trend stage keys three scopes per mention,
     * and naming each scope anew (checking and lower-casing its value) was a good part of that.
     */
    public static final class KeyPrefixes {

        /** How many language (and platform) values' prefixes are remembered. */
        static final int MAX_REMEMBERED = 1_024;

        private static final String GLOBAL_PREFIX = TrendUpdate.key(TrendScope.GLOBAL, "");

        /** Remembered for a value that names no scope. */
        private static final String NONE = "";

        private final boolean global;

        private final boolean language;

        private final boolean platform;

        private final Map<String, String> languages = new HashMap<>();

        private final Map<String, String> platforms = new HashMap<>();

        /** @param kinds the judged scope kinds */
        public KeyPrefixes(Set<String> kinds) {
            this.global = kinds.contains(TrendScope.GLOBAL);
            this.language = kinds.contains(TrendScope.LANGUAGE);
            this.platform = kinds.contains(TrendScope.PLATFORM);
        }

        /** @return the key prefixes of {@code mention}'s scopes, in the order of {@link TrendScopes#of} */
        public List<String> of(HashtagMention mention) {
            List<String> prefixes = new ArrayList<>(3);
            if (global) {
                prefixes.add(GLOBAL_PREFIX);
            }
            if (language && mention.language() != null) {
                add(prefixes, languages, mention.language(), TrendScope::language);
            }
            if (platform && mention.platform() != null) {
                add(prefixes, platforms, mention.platform(), TrendScope::platform);
            }
            return prefixes;
        }

        private static void add(List<String> prefixes, Map<String, String> remembered, String value,
                Function<String, TrendScope> scope) {
            String prefix = remembered.get(value);
            if (prefix == null) {
                TrendScope named = value.isBlank() ? null : validOrNull(() -> scope.apply(value));
                prefix = named == null ? NONE : TrendUpdate.key(named.toString(), "");
                if (remembered.size() >= MAX_REMEMBERED) {
                    remembered.clear();
                }
                remembered.put(value, prefix);
            }
            if (!prefix.isEmpty()) {
                prefixes.add(prefix);
            }
        }
    }
}
