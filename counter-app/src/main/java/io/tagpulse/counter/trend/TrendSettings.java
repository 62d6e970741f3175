package io.tagpulse.counter.trend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;

/**
 * How the trend stage runs its {@link TrendRules}: how often it judges, in which scopes, what may never trend and how
 * many related tags a trend carries.
 *
 * @param rules what makes a tag trend
 * @param refresh how often, in event time, the candidates are judged and live trends written (default 10 s)
 * @param scopes the scope kinds judged: {@link TrendScope#GLOBAL}, {@link TrendScope#LANGUAGE},
 *        {@link TrendScope#PLATFORM} (default all three)
 * @param blockList tags and patterns that never trend until the moderation topic has a block list of its own
 * @param relatedSize how many related tags a trend carries (at most {@link TrendUpdate#MAX_RELATED}); each tag's
 *        summary keeps {@link #RELATED_CAPACITY_FACTOR} times as many
 */
public record TrendSettings(TrendRules rules, Duration refresh, Set<String> scopes, TagBlockList blockList,
        int relatedSize) {

    /** How many more co-occurring tags a tag's summary keeps than a trend shows, for the summary's accuracy. */
    public static final int RELATED_CAPACITY_FACTOR = 4;

    public TrendSettings {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(blockList, "blockList");
        scopes = Set.copyOf(scopes);
        List<String> problems = new ArrayList<>();
        if (refresh == null || refresh.toMillis() < 1) {
            problems.add("refresh must be at least 1 ms");
        }
        if (!Set.of(TrendScope.GLOBAL, TrendScope.LANGUAGE, TrendScope.PLATFORM).containsAll(scopes)) {
            problems.add("scopes must be among global, language and platform: " + scopes);
        }
        if (relatedSize < 0 || relatedSize > TrendUpdate.MAX_RELATED) {
            problems.add("related-size must be between 0 and " + TrendUpdate.MAX_RELATED);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid trend settings: " + String.join("; ", problems));
        }
    }

    /** @return the defaults: {@link TrendRules#defaults()}, every 10 s, every scope, nothing blocked, 5 related */
    public static TrendSettings defaults() {
        return new TrendSettings(TrendRules.defaults(), Duration.ofSeconds(10),
                Set.of(TrendScope.GLOBAL, TrendScope.LANGUAGE, TrendScope.PLATFORM), TagBlockList.empty(),
                TrendUpdate.MAX_RELATED);
    }

    /** @return how many co-occurring tags each tag's summary keeps */
    public int relatedCapacity() {
        return Math.max(1, relatedSize * RELATED_CAPACITY_FACTOR);
    }

    public TrendSettings withRules(TrendRules newRules) {
        return new TrendSettings(newRules, refresh, scopes, blockList, relatedSize);
    }

    public TrendSettings withBlockList(TagBlockList newBlockList) {
        return new TrendSettings(rules, refresh, scopes, newBlockList, relatedSize);
    }

    public TrendSettings withScopes(Set<String> newScopes) {
        return new TrendSettings(rules, refresh, newScopes, blockList, relatedSize);
    }
}
