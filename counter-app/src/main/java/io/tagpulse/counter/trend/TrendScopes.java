package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TrendScope;

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

    private static void addIfValid(List<TrendScope> scopes, java.util.function.Supplier<TrendScope> scope) {
        try {
            scopes.add(scope.get());
        }
        catch (IllegalArgumentException ex) {
            // Not a scope name (TrendScope says why); the mention still counts in its other scopes.
        }
    }
}
