package io.tagpulse.source.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import io.tagpulse.contracts.Hashtag;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TrendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostGeneratorTests {

    static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    /** Posts per second the simulations generate: the generator's default rate. */
    private static final int RATE = 200;

    private final HashtagExtractor extractor = new HashtagExtractor();

    /** @return the defaults, with no events */
    static GeneratorProperties quiet() {
        GeneratorProperties settings = new GeneratorProperties();
        settings.setSurges(List.of());
        settings.setSpamShare(0);
        settings.setHeadRise(0);
        return settings;
    }

    private static PostGenerator generator(GeneratorProperties settings, long seed) {
        return new PostGenerator(new Random(seed), settings, new SurgeSchedule(settings, seed, START));
    }

    /** Generates {@link #RATE} posts per second of event time from {@code from} (inclusive) to {@code to}. */
    private static void generate(PostGenerator generator, Instant from, Instant to, Consumer<Post> posts) {
        for (Instant second = from; second.isBefore(to); second = second.plusSeconds(1)) {
            for (int i = 0; i < RATE; i++) {
                posts.accept(generator.next(second.plusMillis(i * 1000L / RATE)));
            }
        }
    }

    private Set<String> tags(Post post) {
        return new HashSet<>(extractor.extract(post).stream().map(Hashtag::tag).toList());
    }

    @Test
    void shouldDrawRanksWithZipfSkew() {
        ZipfSampler sampler = new ZipfSampler(100, 1.0);
        Random random = new Random(7);
        int[] hits = new int[100];
        for (int i = 0; i < 100_000; i++) {
            hits[sampler.sample(random)]++;
        }
        // P(rank 0) / P(rank 1) = 2 for exponent 1; rank 0 has about 1/H(100) = 19% of the draws.
        assertThat((double) hits[0] / hits[1]).isBetween(1.9, 2.1);
        assertThat(hits[0] / 100_000.0).isBetween(0.18, 0.20);
        assertThat(sampler.probability(0)).isBetween(0.19, 0.195);
        assertThat(hits[99]).isPositive();
    }

    @Test
    void shouldRejectNonsenseSamplerSettings() {
        assertThatThrownBy(() -> new ZipfSampler(0, 1)).hasMessageContaining("n must be at least 1");
        assertThatThrownBy(() -> new ZipfSampler(3, -1)).hasMessageContaining("exponent");
    }

    @Test
    void shouldGenerateValidPostsWithAuthorsHashtagsAndUniqueIds() {
        GeneratorProperties settings = quiet();
        settings.setMaxTagsPerPost(3);
        PostGenerator generator = generator(settings, 1);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Post post = generator.next(START.plusMillis(i));
            assertThat(post.problems()).isEmpty();
            assertThat(post.createdAt()).isEqualTo(START.plusMillis(i));
            assertThat(post.author()).startsWith("user");
            assertThat(extractor.extract(post)).hasSizeBetween(1, 3);
            ids.add(post.id());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void shouldMixLanguagesAndPlatformsAsConfiguredAcrossManyAuthorsOfOneLanguageAndPlatformEach() {
        PostGenerator generator = generator(quiet(), 2);
        Map<String, Integer> languages = new HashMap<>();
        Map<String, Integer> platforms = new HashMap<>();
        Map<String, Integer> postsByAuthor = new HashMap<>();
        Map<String, String> homeOfAuthor = new HashMap<>();
        int posts = 60_000;
        generate(generator, START, START.plusSeconds(posts / RATE), post -> {
            languages.merge(post.language(), 1, Integer::sum);
            platforms.merge(post.platform(), 1, Integer::sum);
            postsByAuthor.merge(post.author(), 1, Integer::sum);
            String home = post.language() + "/" + post.platform();
            assertThat(homeOfAuthor.computeIfAbsent(post.author(), author -> home)).as(post.author()).isEqualTo(home);
        });

        Map<String, Double> expectedLanguages = Map.of("en", .45, "ja", .20, "pt", .12, "es", .10, "de", .08, "fr", .05);
        expectedLanguages.forEach((language, share) -> assertThat(languages.get(language) / (double) posts)
            .as(language).isCloseTo(share, org.assertj.core.data.Offset.offset(0.03)));
        Map<String, Double> expectedPlatforms = Map.of("bluesky", .5, "mastodon", .3, "x", .2);
        expectedPlatforms.forEach((platform, share) -> assertThat(platforms.get(platform) / (double) posts)
            .as(platform).isCloseTo(share, org.assertj.core.data.Offset.offset(0.03)));
        assertThat(postsByAuthor).hasSizeGreaterThan(2_000);
        int busiest = postsByAuthor.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(busiest / (double) posts).as("the busiest author's share").isBetween(0.01, 0.05);
    }

    @Test
    void shouldBeReproducibleForASeed() {
        GeneratorProperties settings = new GeneratorProperties();
        PostGenerator first = generator(settings, 42);
        PostGenerator second = generator(settings, 42);

        for (int i = 0; i < 2_000; i++) {
            Instant at = START.plus(Duration.ofMinutes(18)).plusMillis(i * 10L);
            assertThat(first.next(at)).isEqualTo(second.next(at));
        }
    }

    @Test
    void shouldRampASurgeUpToItsPeakAndDecayItCarriedByManyAuthorsWithItsCompanions() {
        GeneratorProperties settings = quiet();
        settings.setSurges(List.of("new"));
        PostGenerator generator = generator(settings, 3);
        Surge surge = new SurgeSchedule(settings, 3, START).between(START, START.plus(Duration.ofHours(1))).get(0);
        Map<Long, Integer> byMinute = new HashMap<>();
        Set<String> authors = new HashSet<>();
        Map<String, Integer> companions = new HashMap<>();
        Instant from = surge.start().minus(Duration.ofMinutes(1));
        generate(generator, from, surge.end().plus(Duration.ofMinutes(1)), post -> {
            Set<String> tags = tags(post);
            if (tags.contains(surge.tag())) {
                byMinute.merge(Duration.between(from, post.createdAt()).toMinutes(), 1, Integer::sum);
                authors.add(post.author());
                surge.companions().stream().filter(tags::contains).forEach(c -> companions.merge(c, 1, Integer::sum));
            }
        });

        // Minute 0 before the start and minute 5 after the end: none. Minute 1 ramps up to the peak (1 min, mean
        // intensity 1/2), minutes 2 to 4 decay from it (3 min: 5/6, 1/2, 1/6): 200 posts/s x 60 s x 3 % = 360 a
        // minute at full intensity.
        assertThat(byMinute).doesNotContainKeys(0L, 5L);
        assertThat(byMinute.get(1L)).isBetween(140, 220);
        assertThat(byMinute.get(2L)).isBetween(250, 350);
        assertThat(byMinute.get(3L)).isBetween(140, 220);
        assertThat(byMinute.get(4L)).isBetween(30, 90);
        int total = byMinute.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(authors.size()).as("distinct authors of %d posts", total).isGreaterThan(total / 2);
        // Each companion comes along on about half the surge's posts.
        assertThat(companions).hasSize(2);
        companions.values().forEach(count -> assertThat(count).isBetween(total * 2 / 5, total * 3 / 5));
    }

    @ParameterizedTest
    @ValueSource(strings = { "language", "platform" })
    void shouldConfineAScopedSurgeToItsScope(String kind) {
        GeneratorProperties settings = quiet();
        settings.setSurges(List.of(kind));
        PostGenerator generator = generator(settings, 4);
        Surge surge = new SurgeSchedule(settings, 4, START).between(START, START.plus(Duration.ofHours(1))).get(0);
        assertThat(surge.scope().kind()).isEqualTo(kind);
        Duration length = Duration.between(surge.start(), surge.end());
        Map<String, Integer> before = new HashMap<>();
        Map<String, Integer> during = new HashMap<>();
        generate(generator, surge.start().minus(length), surge.start(), post -> countIn(before, surge, post));
        generate(generator, surge.start(), surge.end(), post -> countIn(during, surge, post));

        // In the scope: the background plus the surge's 200 x 240 s x 3 % / 2 x the scope's share of posts (at
        // least 5 %, so at least 36); outside it: the background only.
        assertThat(during.getOrDefault("in", 0)).isGreaterThan(2 * before.getOrDefault("in", 0) + 30);
        assertThat(during.getOrDefault("out", 0)).isLessThan(before.getOrDefault("out", 0) * 3 / 2 + 20);
    }

    private void countIn(Map<String, Integer> counts, Surge surge, Post post) {
        if (tags(post).contains(surge.tag())) {
            TrendScope scope = surge.scope().kind().equals(TrendScope.LANGUAGE) ? TrendScope.language(post.language())
                    : TrendScope.platform(post.platform());
            counts.merge(scope.equals(surge.scope()) ? "in" : "out", 1, Integer::sum);
        }
    }

    @Test
    void shouldFloodOneTagFromOneAuthorOnlyDuringASpamFlood() {
        GeneratorProperties settings = quiet();
        settings.setSpamShare(0.01);
        PostGenerator generator = generator(settings, 5);
        Surge flood = new SurgeSchedule(settings, 5, START).between(START, START.plus(Duration.ofHours(1))).get(0);
        assertThat(flood.kind()).isEqualTo(Surge.Kind.SPAM);
        Map<String, Integer> byAuthor = new HashMap<>();
        Map<Boolean, Integer> byTime = new HashMap<>();
        generate(generator, flood.start().minusSeconds(30), flood.end().plusSeconds(30), post -> {
            if (tags(post).contains(flood.tag())) {
                byAuthor.merge(post.author(), 1, Integer::sum);
                byTime.merge(flood.intensityAt(post.createdAt()) > 0, 1, Integer::sum);
                assertThat(tags(post)).containsExactly(flood.tag());
            }
        });

        // 200 posts/s x 180 s x 1 %: about 360 posts, all by the one author, none outside the flood.
        assertThat(byAuthor).containsOnlyKeys(flood.author());
        assertThat(byAuthor.get(flood.author())).isBetween(300, 420);
        assertThat(byTime).containsOnlyKeys(true);
    }

    @Test
    void shouldRaiseTheHeadTagSlowlyByTheConfiguredShare() {
        GeneratorProperties settings = quiet();
        settings.setHeadRise(0.3);
        PostGenerator generator = generator(settings, 6);
        String head = PostGenerator.tagOfRank(0);
        int[] atStart = new int[1];
        int[] atPeak = new int[1];
        generate(generator, START, START.plus(Duration.ofMinutes(2)),
                post -> atStart[0] += tags(post).contains(head) ? 1 : 0);
        generate(generator, START.plus(Duration.ofMinutes(59)), START.plus(Duration.ofMinutes(61)),
                post -> atPeak[0] += tags(post).contains(head) ? 1 : 0);

        assertThat(atPeak[0] / (double) atStart[0]).isBetween(1.2, 1.4);
    }
}
