package io.tagpulse.benchmarks.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.Post;

/**
 * Posts as the source's generator makes them (source-app's {@code PostGenerator}, copied here because the apps are
 * Spring Boot jars, not libraries): tags drawn from a Zipf distribution (exponent 1.1) over 500 tags, real-looking
 * words first, six languages, a filler phrase, one in eight tags capitalized. Each post draws 1 to
 * {@code maxTagsPerPost} tags (duplicates collapse): 5 gives about three distinct hashtags a post. Deterministic for
 * a seed. Not thread-safe.
 */
final class BenchPosts {

    private static final List<String> WORDS = List.of("music", "news", "sports", "tech", "art", "travel", "food",
            "photography", "gaming", "science", "politics", "weather", "football", "movies", "books", "fashion",
            "health", "climate", "ai", "java", "kafka", "crypto", "space", "nature", "cats", "dogs", "coffee",
            "running", "design", "history", "cinema", "jazz", "poetry", "startup", "opensource", "linux", "art",
            "economy", "education", "festival");

    private static final List<String> FILLERS = List.of("today", "look at this", "thoughts on", "loving",
            "can't stop thinking about", "new post about", "breaking:", "morning", "weekend");

    private static final List<String> LANGUAGES = List.of("en", "es", "pt", "ja", "de", "fr");

    private final Random random;

    private final double[] cumulative;

    private final int maxTagsPerPost;

    private final String idPrefix;

    private long sequence;

    BenchPosts(long seed, int vocabulary, double exponent, int maxTagsPerPost, String idPrefix) {
        this.random = new Random(seed);
        this.maxTagsPerPost = maxTagsPerPost;
        this.idPrefix = idPrefix;
        cumulative = new double[vocabulary];
        double sum = 0;
        for (int rank = 0; rank < vocabulary; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < vocabulary; rank++) {
            cumulative[rank] /= sum;
        }
    }

    static BenchPosts standard(long seed, String idPrefix) {
        return new BenchPosts(seed, 500, 1.1, 5, idPrefix);
    }

    Post next(Instant createdAt) {
        int tagCount = 1 + random.nextInt(maxTagsPerPost);
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < tagCount; i++) {
            tags.add(tagOfRank(sample()));
        }
        String language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
        StringBuilder text = new StringBuilder(FILLERS.get(random.nextInt(FILLERS.size())));
        for (String tag : new ArrayList<>(tags)) {
            text.append(' ').append('#').append(random.nextInt(8) == 0 ? capitalize(tag) : tag);
        }
        return new Post(idPrefix + sequence++, "generator", "user" + random.nextInt(10_000), language,
                text.toString(), createdAt, null);
    }

    private int sample() {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = index >= 0 ? index : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }

    private static String tagOfRank(int rank) {
        return rank < WORDS.size() ? WORDS.get(rank) : "topic" + rank;
    }

    private static String capitalize(String tag) {
        return Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }
}
