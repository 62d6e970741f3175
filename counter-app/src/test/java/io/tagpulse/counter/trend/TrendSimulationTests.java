package io.tagpulse.counter.trend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trend rules against a stream with a known truth: an hour and a half of Zipf-distributed background (500 tags,
 * 50 posts a second, 5,000 authors), into which a new tag surges (many authors, four minutes), one account floods a
 * tag of its own, and the most used tag rises by a fifth. Only the surge may trend, and it must trend at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrendSimulationTests {

    private static final long SECOND = 1_000;

    private static final long MINUTE = 60 * SECOND;

    private static final long SURGE_START = 70 * MINUTE;

    private static final long SURGE_END = SURGE_START + 4 * MINUTE;

    private final TrendRules rules = TrendRules.defaults();

    private final Map<String, TagActivity> activities = new HashMap<>();

    private final Map<String, TrendLifecycle> trends = new LinkedHashMap<>();

    private final List<String> ended = new ArrayList<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 2026})
    void onlyTheSurgeTrendsAndItTrendsAtOnce(long seed) {
        Random random = new Random(seed);
        double[] tagWeights = zipf(500, 1.1);
        double[] authorWeights = zipf(5_000, 0.8);
        String head = "tag0";
        Map<Long, List<String>> qualifyingAt = new LinkedHashMap<>();
        Map<Long, String> bestAt = new LinkedHashMap<>();
        for (long t = 0; t < 90 * MINUTE; t += 20) {
            // 50 posts a second: one every 20 ms, 1 to 3 tags each.
            String author = "user" + sample(authorWeights, random);
            int tags = 1 + random.nextInt(3);
            for (int i = 0; i < tags; i++) {
                mention(t, "tag" + sample(tagWeights, random), author);
            }
            boolean headRises = t >= SURGE_START && t < SURGE_START + 10 * MINUTE;
            if (headRises && random.nextDouble() < 0.2 * tagWeights[0] * 2) {
                mention(t, head, author);
            }
            if (t >= SURGE_START && t < SURGE_END && t % 500 == 0) {
                mention(t, "surge", "fan" + random.nextInt(300));
            }
            if (t >= SURGE_START - 5 * MINUTE && t < SURGE_START + 5 * MINUTE && t % 200 == 0) {
                mention(t, "spam", "spammer");
            }
            if (t >= 60 * MINUTE && t % (5 * SECOND) == 0) {
                List<String> qualifying = new ArrayList<>();
                double best = Double.NEGATIVE_INFINITY;
                for (Map.Entry<String, TagActivity> entry : activities.entrySet()) {
                    Assessment assessment = entry.getValue().assess(t, 0);
                    step(t, entry.getKey(), assessment);
                    if (assessment.qualifies()) {
                        qualifying.add(entry.getKey());
                        if (assessment.score() > best) {
                            best = assessment.score();
                            bestAt.put(t, entry.getKey());
                        }
                    }
                }
                qualifyingAt.put(t, qualifying);
            }
        }

        assertThat(qualifyingAt.values().stream().flatMap(List::stream).distinct())
            .as("no background tag, not the head tag's rise, not one account's flood").containsExactly("surge");
        long firstQualified = qualifyingAt.entrySet().stream().filter(e -> e.getValue().contains("surge"))
            .mapToLong(Map.Entry::getKey).min().orElseThrow();
        assertThat(firstQualified - SURGE_START).as("trending within 30 s of the surge's start")
            .isLessThanOrEqualTo(30 * SECOND);
        assertThat(bestAt.values()).containsOnly("surge");
        assertThat(ended).as("the surge's trend ended after it faded").containsExactly("surge");
        TrendLifecycle.Snapshot surge = trends.get("surge").snapshot();
        assertThat(surge.startedAt()).isEqualTo(firstQualified);
        assertThat(surge.peakRate()).as("two a second").isBetween(110L, 130L);
        assertThat(surge.peakAt()).isBetween(SURGE_START, SURGE_END);
        assertThat(surge.endedAt()).isBetween(SURGE_END, SURGE_END + 15 * MINUTE);
    }

    private void mention(long t, String tag, String author) {
        activities.computeIfAbsent(tag, k -> new TagActivity(rules)).add(t, author);
    }

    private void step(long t, String tag, Assessment assessment) {
        TrendLifecycle trend = trends.get(tag);
        if (trend == null || trend.phase() == TrendPhase.ENDED) {
            Optional<TrendLifecycle> started = TrendLifecycle.startIfQualified(rules, t, assessment);
            started.ifPresent(s -> trends.put(tag, s));
            return;
        }
        trend.update(t, assessment);
        if (trend.phase() == TrendPhase.ENDED) {
            ended.add(tag);
        }
    }

    private static double[] zipf(int n, double exponent) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= total;
        }
        return cumulative;
    }

    private static int sample(double[] cumulative, Random random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            }
            else {
                high = mid;
            }
        }
        return low;
    }
}
