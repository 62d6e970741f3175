package io.tagpulse.filter.app;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.filter.FilterRules;
import io.tagpulse.filter.PostFilter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the filter. */
@ConfigurationProperties("tagpulse.filter")
@Validated
public class FilterProperties {

    /** Languages to keep, as BCP 47 primary subtags (en, ja, pt); empty keeps every language. */
    private Set<String> languages = new LinkedHashSet<>();

    /** Whether posts without a language pass when a list of languages is set. */
    private boolean keepUnknownLanguage = true;

    /** Whether to drop reposts (boosts, retweets), which repeat a post that is counted on its own. */
    private boolean dropReposts = true;

    /** Whether to drop posts that carry no hashtag. */
    private boolean dropWithoutHashtags = true;

    /** Drop posts with more distinct hashtags than this: they are almost always spam. */
    @Min(1)
    @Max(10_000)
    private int maxHashtags = 15;

    /** Hashtags whose posts are dropped, with or without '#', in any case. */
    private Set<String> blockedTags = new LinkedHashSet<>();

    /** A SpEL expression over the post's fields (e.g. "text.length() < 280"); posts for which it is false are dropped. */
    private String expression;

    /** @return the rules these settings describe, with languages and tags normalized */
    public FilterRules toRules() {
        Set<String> normalizedLanguages = languages.stream()
            .filter(language -> !language.isBlank())
            .map(PostFilter::primarySubtag)
            .collect(Collectors.toSet());
        Set<String> normalizedTags = blockedTags.stream()
            .map(tag -> tag.strip().replaceFirst("^[#＃]", ""))
            .filter(tag -> !tag.isEmpty())
            .map(HashtagExtractor::normalize)
            .collect(Collectors.toSet());
        return new FilterRules(normalizedLanguages, keepUnknownLanguage, dropReposts, dropWithoutHashtags, maxHashtags,
                normalizedTags);
    }

    public Set<String> getLanguages() {
        return languages;
    }

    public void setLanguages(Set<String> languages) {
        this.languages = languages;
    }

    public boolean isKeepUnknownLanguage() {
        return keepUnknownLanguage;
    }

    public void setKeepUnknownLanguage(boolean keepUnknownLanguage) {
        this.keepUnknownLanguage = keepUnknownLanguage;
    }

    public boolean isDropReposts() {
        return dropReposts;
    }

    public void setDropReposts(boolean dropReposts) {
        this.dropReposts = dropReposts;
    }

    public boolean isDropWithoutHashtags() {
        return dropWithoutHashtags;
    }

    public void setDropWithoutHashtags(boolean dropWithoutHashtags) {
        this.dropWithoutHashtags = dropWithoutHashtags;
    }

    public int getMaxHashtags() {
        return maxHashtags;
    }

    public void setMaxHashtags(int maxHashtags) {
        this.maxHashtags = maxHashtags;
    }

    public String getExpression() {
        return expression;
    }

    public void setExpression(String expression) {
        this.expression = expression;
    }

    public Set<String> getBlockedTags() {
        return blockedTags;
    }

    public void setBlockedTags(Set<String> blockedTags) {
        this.blockedTags = blockedTags;
    }
}
