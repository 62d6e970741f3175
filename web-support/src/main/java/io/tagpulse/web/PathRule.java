package io.tagpulse.web;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which request paths a filter guards: those under one of the given prefixes, minus those under an exempt prefix.
 * Paths are matched as the dispatcher sees them (decoded and normalized), so {@code /x/../posts} is {@code /posts}.
 */
public record PathRule(List<String> prefixes, List<String> exempt) implements Predicate<String> {

    public PathRule {
        prefixes = List.copyOf(prefixes);
        exempt = List.copyOf(exempt);
    }

    /** @return a rule for the paths under these prefixes ({@code "/"} for all) */
    public static PathRule under(String... prefixes) {
        return new PathRule(List.of(prefixes), List.of());
    }

    /** @return this rule with these prefixes left out */
    public PathRule except(String... exemptPrefixes) {
        return new PathRule(prefixes, List.of(exemptPrefixes));
    }

    @Override
    public boolean test(String path) {
        return prefixes.stream().anyMatch(prefix -> matches(path, prefix))
                && exempt.stream().noneMatch(prefix -> matches(path, prefix));
    }

    /** {@code /posts} covers {@code /posts}, {@code /posts/…} and {@code /posts;…}, not {@code /postsX}. */
    private static boolean matches(String path, String prefix) {
        if (prefix.endsWith("/")) {
            return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || "/;".indexOf(path.charAt(prefix.length())) >= 0);
    }
}
