package io.tagpulse.filter;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import io.tagpulse.contracts.Hashtag;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Post;

/** Decides which posts go on to be counted. Stateless and thread-safe. */
public class PostFilter {

    private static final String RETWEET_PREFIX = "RT @";

    private final FilterRules rules;

    private final HashtagExtractor extractor;

    private final Predicate<Post> custom;

    public PostFilter(FilterRules rules, HashtagExtractor extractor) {
        this(rules, extractor, post -> true);
    }

    /** @param custom a last rule of the user's own (such as a SpEL expression): posts it rejects are dropped */
    public PostFilter(FilterRules rules, HashtagExtractor extractor, Predicate<Post> custom) {
        this.rules = rules;
        this.extractor = extractor;
        this.custom = custom;
    }

    /** @return these rules' filter with other rules (same extractor and custom rule) */
    public PostFilter withRules(FilterRules other) {
        return new PostFilter(other, extractor, custom);
    }

    public FilterRules rules() {
        return rules;
    }

    /** @return {@link FilterOutcome#ACCEPTED} or the first rule, in declaration order, that drops the post */
    public FilterOutcome evaluate(Post post) {
        if (!languageKept(post.language())) {
            return FilterOutcome.LANGUAGE;
        }
        if (rules.dropReposts() && isRepost(post)) {
            return FilterOutcome.REPOST;
        }
        List<Hashtag> hashtags = extractor.extract(post);
        if (rules.dropWithoutHashtags() && hashtags.isEmpty()) {
            return FilterOutcome.NO_HASHTAGS;
        }
        if (hashtags.size() > rules.maxHashtags()) {
            return FilterOutcome.TOO_MANY_HASHTAGS;
        }
        if (hashtags.stream().anyMatch(tag -> rules.blockedTags().contains(tag.tag()))) {
            return FilterOutcome.BLOCKED_TAG;
        }
        if (!rules.trackedTags().isEmpty()
                && hashtags.stream().noneMatch(tag -> rules.trackedTags().contains(tag.tag()))) {
            return FilterOutcome.NOT_TRACKED;
        }
        return custom.test(post) ? FilterOutcome.ACCEPTED : FilterOutcome.EXPRESSION;
    }

    private boolean languageKept(String language) {
        if (rules.languages().isEmpty()) {
            return true;
        }
        if (language == null || language.isBlank()) {
            return rules.keepUnknownLanguage();
        }
        return rules.languages().contains(primarySubtag(language));
    }

    /** @return the primary subtag of a BCP 47 tag in lower case: {@code en-US} and {@code EN_us} give {@code en} */
    public static String primarySubtag(String language) {
        String trimmed = language.strip().toLowerCase(Locale.ROOT);
        int dash = indexOfSeparator(trimmed);
        return dash < 0 ? trimmed : trimmed.substring(0, dash);
    }

    private static int indexOfSeparator(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == '-' || c == '_') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRepost(Post post) {
        return post.repostOf() != null || (post.text() != null && post.text().startsWith(RETWEET_PREFIX));
    }
}
