package io.tagpulse.source.generator;

import java.util.random.RandomGenerator;

/**
 * A population of authors, some far more active than others (Zipf): each has a handle, a language and a home
 * platform, so a post's language and platform come from its author, as on real platforms. Languages and platforms
 * are dealt out along a low-discrepancy sequence, so even the few most active authors spread over the mix and the
 * posts' mix stays close to the configured one.
 */
public final class Authors {

    /** One author. */
    public record Author(String handle, String language, String platform) {
    }

    private static final double GOLDEN = 0.6180339887498949;

    private static final double SILVER = 0.41421356237309515;

    private final Author[] authors;

    private final ZipfSampler activity;

    /**
     * @param size how many authors there are
     * @param activityExponent the skew of their activity (0 = all equally active)
     * @param languages the language mix
     * @param platforms the platform mix
     */
    public Authors(int size, double activityExponent, WeightedChoice languages, WeightedChoice platforms) {
        this.activity = new ZipfSampler(size, activityExponent);
        this.authors = new Author[size];
        for (int i = 0; i < size; i++) {
            String language = languages.pick(fraction((i + 0.5) * GOLDEN));
            String platform = platforms.pick(fraction((i + 0.5) * SILVER));
            authors[i] = new Author("user" + i, language, platform);
        }
    }

    private static double fraction(double x) {
        return x - Math.floor(x);
    }

    /** @return an author drawn by activity */
    public Author draw(RandomGenerator random) {
        return authors[activity.sample(random)];
    }

    /** @return how many authors there are */
    public int size() {
        return authors.length;
    }
}
