package io.tagpulse.source.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostGeneratorTests {

    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    private static final Burst NO_BURST = new Burst("", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1), 0);

    private final HashtagExtractor extractor = new HashtagExtractor();

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
        assertThat(hits[99]).isPositive();
    }

    @Test
    void shouldRejectNonsenseSamplerSettings() {
        assertThatThrownBy(() -> new ZipfSampler(0, 1)).hasMessageContaining("n must be at least 1");
        assertThatThrownBy(() -> new ZipfSampler(3, -1)).hasMessageContaining("exponent");
    }

    @Test
    void shouldGenerateValidPostsWithHashtagsLanguagesAndUniqueIds() {
        PostGenerator generator = new PostGenerator(new Random(1), 50, 1.1, List.of("en", "ja"), 3, NO_BURST, START);
        Set<String> ids = new HashSet<>();
        Set<String> languages = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Post post = generator.next(START.plusMillis(i));
            assertThat(post.problems()).isEmpty();
            assertThat(post.createdAt()).isEqualTo(START.plusMillis(i));
            assertThat(extractor.extract(post)).hasSizeBetween(1, 3);
            ids.add(post.id());
            languages.add(post.language());
        }
        assertThat(ids).hasSize(1000);
        assertThat(languages).containsExactlyInAnyOrder("en", "ja");
    }

    @Test
    void shouldBeReproducibleForASeed() {
        PostGenerator first = new PostGenerator(new Random(42), 50, 1.1, List.of("en"), 3, NO_BURST, START);
        PostGenerator second = new PostGenerator(new Random(42), 50, 1.1, List.of("en"), 3, NO_BURST, START);

        for (int i = 0; i < 100; i++) {
            assertThat(first.next(START)).isEqualTo(second.next(START));
        }
    }

    @Test
    void shouldSurgeTheBurstTagOnlyDuringBursts() {
        Burst burst = new Burst("surge", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), 0.5);
        PostGenerator generator = new PostGenerator(new Random(3), 500, 1.1, List.of("en"), 2, burst, START);
        Map<Boolean, Integer> withSurge = new HashMap<>();
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 200; i++) {
                Post post = generator.next(START.plusSeconds(second));
                boolean surge = extractor.extract(post).stream().anyMatch(tag -> tag.tag().equals("surge"));
                if (surge) {
                    withSurge.merge(burst.activeAt(Duration.ofSeconds(second)), 1, Integer::sum);
                }
            }
        }
        // 5 burst seconds x 200 posts x 0.5 share = about 500; none outside the burst.
        assertThat(withSurge.getOrDefault(true, 0)).isBetween(420, 580);
        assertThat(withSurge.get(false)).isNull();
    }

    @Test
    void shouldScheduleBurstsPeriodically() {
        Burst burst = new Burst("x", Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMinutes(2), 0.3);

        assertThat(burst.activeAt(Duration.ofSeconds(29))).isFalse();
        assertThat(burst.activeAt(Duration.ofSeconds(30))).isTrue();
        assertThat(burst.activeAt(Duration.ofSeconds(49))).isTrue();
        assertThat(burst.activeAt(Duration.ofSeconds(50))).isFalse();
        assertThat(burst.activeAt(Duration.ofSeconds(150))).isTrue();
    }
}
