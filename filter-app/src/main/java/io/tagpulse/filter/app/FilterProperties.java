package io.tagpulse.filter.app;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Topics;
import io.tagpulse.filter.FilterRules;
import io.tagpulse.filter.PostFilter;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the filter.
 *
 * @param languages Languages to keep, as BCP 47 primary subtags (en, ja, pt); empty keeps every language.
 * @param keepUnknownLanguage Whether posts without a language pass when a list of languages is set.
 * @param dropReposts Whether to drop reposts (boosts, retweets), which repeat a post that is counted on its own.
 * @param dropWithoutHashtags Whether to drop posts that carry no hashtag.
 * @param maxHashtags Drop posts with more distinct hashtags than this: they are almost always spam.
 * @param blockedTags Hashtags whose posts are dropped, with or without '#', in any case.
 * @param trackedTags When set, only posts carrying at least one of these hashtags pass (any case, with or without '#').
 * @param dedupeWindow A repeated post id within this time of the first is dropped: sources redeliver.
 * @param rocksdbMemory Off-heap memory bound of the instance's RocksDB stores (the seen-ids store: block cache, memtables, indexes).
 * @param deadLetterTopic Topic for posts the rules cannot decide on (the expression failed on them), with the reason in headers.
 * @param expression A SpEL expression over the post's fields (e.g. "text.length() < 280"); posts for which it is false are dropped.
 */
@ConfigurationProperties("tagpulse.filter")
@Validated
public record FilterProperties(
        @DefaultValue Set<String> languages,
        @DefaultValue("true") boolean keepUnknownLanguage,
        @DefaultValue("true") boolean dropReposts,
        @DefaultValue("true") boolean dropWithoutHashtags,
        @DefaultValue("15") @Min(1) @Max(10_000) int maxHashtags,
        @DefaultValue Set<String> blockedTags,
        @DefaultValue Set<String> trackedTags,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration dedupeWindow,
        @DefaultValue("32MB") @NotNull DataSize rocksdbMemory,
        @DefaultValue(Topics.DEAD_LETTER) @NotBlank String deadLetterTopic,
        String expression) {

    @AssertTrue(message = "tagpulse.filter.rocksdb-memory must be at least 1MB")
    public boolean isRocksdbMemoryAtLeastOneMegabyte() {
        return rocksdbMemory == null || rocksdbMemory.toBytes() >= DataSize.ofMegabytes(1).toBytes();
    }

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
}
