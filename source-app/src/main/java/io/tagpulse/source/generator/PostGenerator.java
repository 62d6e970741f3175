package io.tagpulse.source.generator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.PacedSource;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic posts: hashtags drawn from a Zipf distribution over a vocabulary, several languages, and a recurring
 * burst of one tag. Deterministic for a given seed and sequence of clock readings. Not thread-safe.
 */
public class PostGenerator {

    private static final Logger log = LoggerFactory.getLogger(PostGenerator.class);

    private static final List<String> WORDS = List.of("music", "news", "sports", "tech", "art", "travel", "food",
            "photography", "gaming", "science", "politics", "weather", "football", "movies", "books", "fashion",
            "health", "climate", "ai", "java", "kafka", "crypto", "space", "nature", "cats", "dogs", "coffee",
            "running", "design", "history", "cinema", "jazz", "poetry", "startup", "opensource", "linux", "art",
            "economy", "education", "festival");

    private static final List<String> FILLERS = List.of("today", "look at this", "thoughts on", "loving",
            "can't stop thinking about", "new post about", "breaking:", "morning", "weekend");

    private final RandomGenerator random;

    private final ZipfSampler sampler;

    private final List<String> languages;

    private final int maxTagsPerPost;

    private final Burst burst;

    private final Instant start;

    private final String idPrefix;

    private long sequence;

    /**
     * @param random the source of randomness (seeded for reproducible runs)
     * @param vocabulary how many distinct tags there are
     * @param zipfExponent the skew of tag popularity (1.0 is classic Zipf)
     * @param languages the languages posts are spread over, evenly
     * @param maxTagsPerPost each post carries 1..maxTagsPerPost drawn tags (duplicates collapse)
     * @param burst the recurring surge
     * @param start the generator's start, from which the burst schedule is measured
     */
    public PostGenerator(RandomGenerator random, int vocabulary, double zipfExponent, List<String> languages,
            int maxTagsPerPost, Burst burst, Instant start) {
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("at least one language is needed");
        }
        this.random = random;
        this.sampler = new ZipfSampler(vocabulary, zipfExponent);
        this.languages = List.copyOf(languages);
        this.maxTagsPerPost = maxTagsPerPost;
        this.burst = burst;
        this.start = start;
        this.idPrefix = "gen-" + start.toEpochMilli() + "-";
    }

    /** @return the generator source of these settings: posts created at the clock's time, at the configured rate */
    public static PostSource source(GeneratorProperties settings, Clock clock) {
        long seed = settings.getSeed() != 0 ? settings.getSeed() : new Random().nextLong();
        Burst burst = new Burst(settings.getBurstTag(), settings.getBurstStartAfter(), settings.getBurstDuration(),
                settings.getBurstEvery(), settings.getBurstShare());
        PostGenerator generator = new PostGenerator(new Random(seed), settings.getVocabulary(),
                settings.getZipfExponent(), settings.getLanguages(), settings.getMaxTagsPerPost(), burst,
                clock.instant());
        log.info("Generator seed {} (set tagpulse.source.generator.seed to repeat this run)", seed);
        return new PacedSource("generator", () -> generator.next(clock.instant()), settings.getRate());
    }

    /** @return the next post, created at {@code now} */
    public Post next(Instant now) {
        int tagCount = 1 + random.nextInt(maxTagsPerPost);
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < tagCount; i++) {
            tags.add(tagOfRank(sampler.sample(random)));
        }
        if (burst.activeAt(Duration.between(start, now)) && random.nextDouble() < burst.share()) {
            tags.add(burst.tag());
        }
        String language = languages.get(random.nextInt(languages.size()));
        StringBuilder text = new StringBuilder(FILLERS.get(random.nextInt(FILLERS.size())));
        List<String> written = new ArrayList<>(tags);
        for (String tag : written) {
            text.append(' ').append('#').append(random.nextInt(8) == 0 ? capitalize(tag) : tag);
        }
        long n = sequence++;
        return new Post(idPrefix + n, "generator", "user" + random.nextInt(10_000), language, text.toString(), now,
                null);
    }

    /** @return the tag at a popularity rank: real-looking words first, then numbered topics */
    public static String tagOfRank(int rank) {
        return rank < WORDS.size() ? WORDS.get(rank) : "topic" + rank;
    }

    private static String capitalize(String tag) {
        return Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }
}
