package io.tagpulse.counter.trend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a tag trend: its activity over a short horizon against its own baseline over a long one.
 *
 * @param shortHorizon the recent activity that is judged (default 2 min: a 5x surge of a tag used 5–10 times a
 *        minute is significant within a minute; see the ground-truth test)
 * @param bucket the resolution of the short horizon's counts (default 10 s; divides {@code shortHorizon})
 * @param authorBucket the resolution of its distinct authors, one sketch each (default 1 min; divides
 *        {@code shortHorizon})
 * @param longHorizon the history the baseline is learned from, the short horizon excluded (default 1 h)
 * @param baselineBucket the resolution of that history (default 1 min; divides {@code longHorizon})
 * @param priorRatePerHour the least rate any tag is expected to have, in mentions per hour: what a tag never seen
 *        before is expected at (default 6)
 * @param warmUp how much history must have been observed before anything can trend: until then every tag's rate
 *        is unknown, and a fresh pipeline would find its every tag surging from nothing (default 15 min)
 * @param minMentions the fewest mentions in the short horizon that can trend (default 10)
 * @param minAuthors the fewest distinct authors in the short horizon that can trend (default 5)
 * @param perAuthorCap the most mentions one author contributes on average: the counted mentions are at most
 *        {@code authors × perAuthorCap} (default 3)
 * @param minLift the least ratio of counted mentions to expected ones that can trend (default 2)
 * @param enterScore the significance a trend needs to start, or to stay rising or hot (default 5: with thousands of
 *        tags judged every few seconds, a lower bar lets chance alone make trends)
 * @param exitScore below this significance a trend ends once {@code endDelay} has passed (default 2)
 * @param endDelay how long a trend stays below {@code exitScore} before it ends (default 1 min)
 * @param cooldown how long a trend that no longer qualifies stays cooling before it ends (default 10 min)
 * @param hotFraction a qualifying trend whose rate is at least this fraction of its peak is hot (default 0.5)
 */
public record TrendRules(Duration shortHorizon, Duration bucket, Duration authorBucket, Duration longHorizon,
        Duration baselineBucket, double priorRatePerHour, Duration warmUp, int minMentions, int minAuthors,
        int perAuthorCap, double minLift, double enterScore, double exitScore, Duration endDelay, Duration cooldown,
        double hotFraction) {

    public TrendRules {
        List<String> problems = problems(shortHorizon, bucket, authorBucket, longHorizon, baselineBucket,
                priorRatePerHour, warmUp, minMentions, minAuthors, perAuthorCap, minLift, enterScore, exitScore,
                endDelay, cooldown, hotFraction);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid trend rules: " + String.join("; ", problems));
        }
    }

    /** @return the defaults described above */
    public static TrendRules defaults() {
        return new TrendRules(Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(1), 6, Duration.ofMinutes(15), 10, 5, 3, 2, 5, 2,
                Duration.ofMinutes(1), Duration.ofMinutes(10), 0.5);
    }

    /** @return how many count buckets the short horizon holds */
    int shortBuckets() {
        return (int) (shortHorizon.toMillis() / bucket.toMillis());
    }

    /** @return how many author sketches the short horizon holds */
    int authorBuckets() {
        return (int) (shortHorizon.toMillis() / authorBucket.toMillis());
    }

    /** @return how many baseline buckets the long horizon holds */
    int baselineBuckets() {
        return (int) (longHorizon.toMillis() / baselineBucket.toMillis());
    }

    private static List<String> problems(Duration shortHorizon, Duration bucket, Duration authorBucket,
            Duration longHorizon, Duration baselineBucket, double priorRatePerHour, Duration warmUp,
            int minMentions, int minAuthors, int perAuthorCap, double minLift, double enterScore, double exitScore,
            Duration endDelay, Duration cooldown, double hotFraction) {
        List<String> problems = new ArrayList<>();
        for (Duration duration : new Duration[] {shortHorizon, bucket, authorBucket, longHorizon, baselineBucket,
                warmUp, endDelay, cooldown}) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                problems.add("every duration must be positive");
                return problems;
            }
        }
        if (shortHorizon.toMillis() % bucket.toMillis() != 0 || shortHorizon.toMillis() % authorBucket.toMillis() != 0) {
            problems.add("bucket and author-bucket must divide short-horizon");
        }
        if (longHorizon.toMillis() % baselineBucket.toMillis() != 0) {
            problems.add("baseline-bucket must divide long-horizon");
        }
        if (warmUp.compareTo(longHorizon.minus(shortHorizon)) > 0) {
            problems.add("warm-up must not be longer than long-horizon minus short-horizon");
        }
        if (longHorizon.compareTo(shortHorizon.multipliedBy(2)) < 0) {
            problems.add("long-horizon must be at least twice short-horizon, so the baseline has history of its own");
        }
        if (shortHorizon.toMillis() / bucket.toMillis() > 3600 || longHorizon.toMillis() / baselineBucket.toMillis() > 10_080) {
            problems.add("at most 3,600 short buckets and 10,080 baseline buckets per tag");
        }
        if (!(priorRatePerHour > 0)) {
            problems.add("prior-rate-per-hour must be positive");
        }
        if (minMentions < 1 || minAuthors < 1 || perAuthorCap < 1) {
            problems.add("min-mentions, min-authors and per-author-cap must be at least 1");
        }
        if (!(minLift >= 1)) {
            problems.add("min-lift must be at least 1");
        }
        if (!(enterScore > exitScore) || !(exitScore >= 0)) {
            problems.add("enter-score must be above exit-score, and exit-score at least 0");
        }
        if (!(hotFraction > 0 && hotFraction <= 1)) {
            problems.add("hot-fraction must be in (0, 1]");
        }
        return problems;
    }
}
