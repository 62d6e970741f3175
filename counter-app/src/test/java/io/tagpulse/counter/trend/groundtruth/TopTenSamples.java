package io.tagpulse.counter.trend.groundtruth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One detector's trending tags of every scope, sampled at every refresh, ranked; its top 10 is what a reader sees.
 * The whole ranking is kept so that a stricter threshold can be applied afterwards ({@link #atLeast}).
 */
final class TopTenSamples {

    static final int SIZE = 10;

    /** A trending tag with what it is ranked by: its score, then its mentions in the period judged. */
    record Ranked(String tag, double score, long mentions) {
    }

    /** The dashboard's order ({@code TrendQueries}): highest score first, then most mentions, then by tag. */
    static final Comparator<Ranked> ORDER = Comparator.comparingDouble(Ranked::score).reversed()
        .thenComparing(Comparator.comparingLong(Ranked::mentions).reversed())
        .thenComparing(Ranked::tag);

    private final String detector;

    private final Map<String, NavigableMap<Long, List<Ranked>>> byScope = new TreeMap<>();

    TopTenSamples(String detector, List<String> scopes) {
        this.detector = detector;
        scopes.forEach(scope -> byScope.put(scope, new TreeMap<>()));
    }

    String detector() {
        return detector;
    }

    /** Records the trending tags of every scope at {@code t}, in {@link #ORDER}. */
    void sample(long t, Map<String, List<Ranked>> trending) {
        byScope.forEach((scope, samples) -> {
            List<Ranked> ranked = new ArrayList<>(trending.getOrDefault(scope, List.of()));
            ranked.sort(ORDER);
            samples.put(t, ranked);
        });
    }

    /** @return the top 10 of {@code scope}, by time */
    NavigableMap<Long, List<String>> of(String scope) {
        NavigableMap<Long, List<String>> top = new TreeMap<>();
        byScope.get(scope).forEach((t, ranked) -> top.put(t, ranked.stream().limit(SIZE).map(Ranked::tag).toList()));
        return top;
    }

    /** @return the top 10 of every scope, by time */
    Map<String, NavigableMap<Long, List<String>>> all() {
        Map<String, NavigableMap<Long, List<String>>> all = new TreeMap<>();
        byScope.keySet().forEach(scope -> all.put(scope, of(scope)));
        return all;
    }

    /** @return the same samples with only the tags whose score is at least {@code threshold}, under {@code name} */
    TopTenSamples atLeast(double threshold, String name) {
        TopTenSamples stricter = new TopTenSamples(name, List.copyOf(byScope.keySet()));
        byScope.forEach((scope, samples) -> samples.forEach((t, ranked) -> stricter.byScope.get(scope)
            .put(t, ranked.stream().filter(r -> r.score() >= threshold).toList())));
        return stricter;
    }
}
