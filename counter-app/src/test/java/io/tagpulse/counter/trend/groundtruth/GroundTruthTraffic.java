package io.tagpulse.counter.trend.groundtruth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import io.tagpulse.testing.Zipf;

/**
 * The ground truth's traffic, deterministic for a seed: a firehose of posts whose tags follow a Zipf law (1,000 tags,
 * exponent 1), written by 20,000 authors (Zipf, exponent 0.8), in 3 languages (en 60 %, es 25 %, ja 15 %) on 2
 * platforms (mastodon 55 %, bluesky 45 %), with 1 or 2 tags a post; and on top of it the {@linkplain PlantedEvent
 * planted events}, whose extra posts come from their own authors. Event time is in millis from 0.
 */
final class GroundTruthTraffic {

    static final int TAGS = 1_000;

    static final double TAG_EXPONENT = 1.0;

    static final int AUTHORS = 20_000;

    static final String[] LANGUAGES = { "en", "es", "ja" };

    static final double[] LANGUAGE_SHARES = { 0.60, 0.25, 0.15 };

    static final String[] PLATFORMS = { "mastodon", "bluesky" };

    static final double[] PLATFORM_SHARES = { 0.55, 0.45 };

    /** Mean tags per background post: 1 or 2, evenly. */
    static final double TAGS_PER_POST = 1.5;

    /** One post, as the processor hands its tags on: each tag a mention with the post's other tags as co-tags. */
    record Post(long eventTime, String author, String language, String platform, List<String> tags) {
    }

    private final double postsPerSecond;

    private final List<PlantedEvent> events;

    private final SplittableRandom random;

    private final Zipf tagRanks = new Zipf(TAGS, TAG_EXPONENT);

    private final Zipf authorRanks = new Zipf(AUTHORS, 0.8);

    GroundTruthTraffic(long seed, double postsPerSecond, List<PlantedEvent> events) {
        this.random = new SplittableRandom(seed);
        this.postsPerSecond = postsPerSecond;
        this.events = List.copyOf(events);
    }

    static String tag(int rank) {
        return "tag" + rank;
    }

    /** @return the background mentions per minute of the tag of {@code rank} in all scopes together (global) */
    static double perMinute(double postsPerSecond, int rank) {
        double harmonic = 0;
        for (int r = 1; r <= TAGS; r++) {
            harmonic += 1 / Math.pow(r, TAG_EXPONENT);
        }
        return postsPerSecond * 60 * TAGS_PER_POST / (Math.pow(rank, TAG_EXPONENT) * harmonic);
    }

    /** @return the posts of second {@code second} ({@code [second·1000, second·1000 + 1000)}), in event-time order */
    List<Post> second(long second) {
        long from = second * 1_000;
        List<Post> posts = new ArrayList<>();
        for (int i = 0, n = count(postsPerSecond); i < n; i++) {
            int first = tagRanks.sample(random);
            List<String> tags = new ArrayList<>(List.of(tag(first)));
            if (random.nextBoolean()) {
                int second2 = tagRanks.sample(random);
                if (second2 != first) {
                    tags.add(tag(second2));
                }
            }
            posts.add(new Post(from + random.nextInt(1_000), "u" + authorRanks.sample(random), pick(LANGUAGES,
                    LANGUAGE_SHARES), pick(PLATFORMS, PLATFORM_SHARES), tags));
        }
        for (PlantedEvent event : events) {
            double perSecond = event.extraPerMinute(from) / 60;
            for (int i = 0, n = count(perSecond); i < n; i++) {
                String language = event.language() != null ? event.language() : pick(LANGUAGES, LANGUAGE_SHARES);
                posts.add(new Post(from + random.nextInt(1_000), event.author(random.nextInt(event.authors())),
                        language, pick(PLATFORMS, PLATFORM_SHARES), List.of(event.tag())));
            }
        }
        posts.sort(Comparator.comparingLong(Post::eventTime));
        return posts;
    }

    /** @return a Poisson-distributed count with mean {@code mean} (Knuth's method; means here are small) */
    private int count(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    private String pick(String[] values, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
