package io.tagpulse.local;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagExtractor;

/**
 * The brute-force count of every window the pipeline stores, from the posts alone: each post's hashtags normalized
 * as the pipeline normalizes them (contracts' {@link HashtagExtractor#normalize}), counted once per post, in every
 * window of the grid that holds its event time. Windows lie on a grid from the epoch: tumbling ones (advance equal
 * to size) hold each post once, hopping ones ({@code size / advance} of them) several times. The posts must be
 * clean (dated in the past, within the counter's max delay and grace), so that no rule drops or delays any.
 */
final class WindowOracle {

    private WindowOracle() {
    }

    /** @return the count of each tag in each window of the grid, by tag and window start (epoch ms) */
    static Map<String, Map<Long, Long>> counts(Collection<Corpus.CountedPost> posts, long sizeMillis,
            long advanceMillis) {
        Map<String, Map<Long, Long>> counts = new TreeMap<>();
        for (Corpus.CountedPost post : posts) {
            Set<String> tags = new LinkedHashSet<>();
            post.hashtags().forEach(tag -> tags.add(HashtagExtractor.normalize(tag)));
            long eventTime = post.createdAt().toEpochMilli();
            long last = Math.floorDiv(eventTime, advanceMillis) * advanceMillis;
            for (long start = last; start > eventTime - sizeMillis; start -= advanceMillis) {
                for (String tag : tags) {
                    counts.computeIfAbsent(tag, k -> new TreeMap<>()).merge(start, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** @return how many (tag, window) rows the counts hold */
    static long rows(Map<String, Map<Long, Long>> counts) {
        return counts.values().stream().mapToLong(Map::size).sum();
    }
}
