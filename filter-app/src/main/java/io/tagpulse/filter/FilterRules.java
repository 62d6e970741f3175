package io.tagpulse.filter;

import java.util.Set;

/**
 * The rules a post must pass.
 *
 * @param languages primary language subtags to keep, lower case; empty keeps every language
 * @param keepUnknownLanguage whether a post without a language passes when {@code languages} is not empty
 * @param dropReposts whether reposts are dropped
 * @param dropWithoutHashtags whether posts without a hashtag are dropped
 * @param maxHashtags the most hashtags a post may carry
 * @param blockedTags normalized tags whose posts are dropped
 * @param trackedTags normalized tags of which a post must carry one; empty lets every post pass this rule
 */
public record FilterRules(Set<String> languages, boolean keepUnknownLanguage, boolean dropReposts,
        boolean dropWithoutHashtags, int maxHashtags, Set<String> blockedTags, Set<String> trackedTags) {

    public FilterRules {
        languages = Set.copyOf(languages);
        blockedTags = Set.copyOf(blockedTags);
        trackedTags = Set.copyOf(trackedTags);
    }

    /** Rules without tracked tags. */
    public FilterRules(Set<String> languages, boolean keepUnknownLanguage, boolean dropReposts,
            boolean dropWithoutHashtags, int maxHashtags, Set<String> blockedTags) {
        this(languages, keepUnknownLanguage, dropReposts, dropWithoutHashtags, maxHashtags, blockedTags, Set.of());
    }
}
