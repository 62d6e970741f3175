package io.tagpulse.filter;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagExtractor;

/**
 * Rules changed at run time through the compacted rules topic, one record per rule: the key names the rule
 * ({@value #BLOCKED_TAGS}, {@value #TRACKED_TAGS}, {@value #LANGUAGES}), the value lists its entries separated by
 * commas or spaces. A rule with no record (or a tombstone, or an empty list) falls back to the app's configuration;
 * a rule with a record replaces it.
 */
public final class DynamicRules {

    /** Hashtags whose posts are dropped. */
    public static final String BLOCKED_TAGS = "blocked-tags";

    /** When not empty: only posts carrying at least one of these hashtags pass. */
    public static final String TRACKED_TAGS = "tracked-tags";

    /** Languages to keep (primary subtags). */
    public static final String LANGUAGES = "languages";

    private DynamicRules() {
    }

    /** @return the configured rules with the rules topic's values, where it has any, in their place */
    public static FilterRules merge(FilterRules configured, String blockedTags, String trackedTags, String languages) {
        return new FilterRules(
                orElse(parse(languages, PostFilter::primarySubtag), configured.languages()),
                configured.keepUnknownLanguage(), configured.dropReposts(), configured.dropWithoutHashtags(),
                configured.maxHashtags(),
                orElse(parse(blockedTags, HashtagExtractor::normalizeTyped), configured.blockedTags()),
                orElse(parse(trackedTags, HashtagExtractor::normalizeTyped), configured.trackedTags()));
    }

    private static Set<String> parse(String value, Function<String, String> normalize) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(value.split("[,\\s]+"))
            .filter(entry -> !entry.isBlank())
            .map(normalize)
            .filter(entry -> !entry.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> orElse(Set<String> dynamic, Set<String> configured) {
        return dynamic != null ? dynamic : configured;
    }
}
