package io.tagpulse.filter.app;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.filter.FilterRules;
import io.tagpulse.filter.PostFilter;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
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

    /** When set, only posts carrying at least one of these hashtags pass (any case, with or without '#'). */
    private Set<String> trackedTags = new LinkedHashSet<>();

    /** A repeated post id within this time of the first is dropped: sources redeliver. */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration dedupeWindow = Duration.ofHours(1);

    /** Off-heap memory bound of the instance's RocksDB stores (the seen-ids store: block cache, memtables, indexes). */
    @NotNull
    private DataSize rocksdbMemory = DataSize.ofMegabytes(32);

    /** Topic for posts the rules cannot decide on (the expression failed on them), with the reason in headers. */
    @NotBlank
    private String deadLetterTopic = "tagpulse.dead-letter";

    /** A SpEL expression over the post's fields (e.g. "text.length() < 280"); posts for which it is false are dropped. */
    private String expression;

    /** @return the rules these settings describe, with languages and tags normalized */
    public FilterRules toRules() {
        Set<String> normalizedLanguages = languages.stream()
            .filter(language -> !language.isBlank())
            .map(PostFilter::primarySubtag)
            .collect(Collectors.toSet());
        return new FilterRules(normalizedLanguages, keepUnknownLanguage, dropReposts, dropWithoutHashtags, maxHashtags,
                normalizeTags(blockedTags), normalizeTags(trackedTags));
    }

    private static Set<String> normalizeTags(Set<String> tags) {
        return tags.stream().map(HashtagExtractor::normalizeTyped).filter(tag -> !tag.isEmpty())
            .collect(Collectors.toSet());
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

    public Set<String> getTrackedTags() {
        return trackedTags;
    }

    public void setTrackedTags(Set<String> trackedTags) {
        this.trackedTags = trackedTags;
    }

    public DataSize getRocksdbMemory() {
        return rocksdbMemory;
    }

    public void setRocksdbMemory(DataSize rocksdbMemory) {
        this.rocksdbMemory = rocksdbMemory;
    }

    @AssertTrue(message = "tagpulse.filter.rocksdb-memory must be at least 1MB")
    public boolean isRocksdbMemoryAtLeastOneMegabyte() {
        return rocksdbMemory == null || rocksdbMemory.toBytes() >= DataSize.ofMegabytes(1).toBytes();
    }

    public Duration getDedupeWindow() {
        return dedupeWindow;
    }

    public void setDedupeWindow(Duration dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
    }

    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
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
