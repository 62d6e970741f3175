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
 */
public record FilterRules(Set<String> languages, boolean keepUnknownLanguage, boolean dropReposts,
        boolean dropWithoutHashtags, int maxHashtags, Set<String> blockedTags) {

    public FilterRules {
        languages = Set.copyOf(languages);
        blockedTags = Set.copyOf(blockedTags);
    }
}
