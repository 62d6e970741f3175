package io.tagpulse.counter.trend.groundtruth;

import java.util.HashMap;
import java.util.Map;

/**
 * Mastodon's tag trends as a baseline, after {@code app/models/trends/tags.rb} ({@code Trends::Tags#calculate_scores},
 * default options {@code threshold: 5, max_score_cooldown: 2.days, max_score_halflife: 4.hours, decay_threshold: 1}):
 * per tag, {@code observed} = the distinct accounts that used it in the current period (a day) and {@code expected}
 * = those of the period before (at least 1); the score is 0 when {@code observed < 5} or {@code expected > observed},
 * else {@code (observed − expected)² / expected}. The highest score is held (forgotten after the cooldown) and decays
 * with the half-life; a tag trends while the decayed score is at least 1, ranked by it.
 * <p>
 * Mastodon's period is a day; here it is the period given (the short horizon of ours), and the half-life and the
 * cooldown keep Mastodon's proportions to it (4 h : 1 day = 1/6, 2 days : 1 day = 2), so that both detectors judge
 * the same stretch of time. Judged per scope, as Mastodon judges per language.
 */
final class MastodonTrends {

    static final int THRESHOLD = 5;

    static final double DECAY_THRESHOLD = 1;

    private record Peak(double score, long at) {
    }

    private final long halfLife;

    private final long cooldown;

    private final Map<String, Peak> peaks = new HashMap<>();

    MastodonTrends(long period) {
        this.halfLife = period / 6;
        this.cooldown = 2 * period;
    }

    /** @return the decayed score of a scope-and-tag at {@code t}, after taking in its current uses */
    double score(PeriodUses.Uses uses, long t) {
        double observed = uses.accounts();
        double expected = Math.max(1, uses.accountsBefore());
        double score = observed < THRESHOLD || expected > observed ? 0
                : (observed - expected) * (observed - expected) / expected;
        String key = uses.scope() + '|' + uses.tag();
        Peak peak = peaks.get(key);
        if (peak == null || peak.at() < t - cooldown) {
            peak = new Peak(0, t);
        }
        if (score > peak.score()) {
            peak = new Peak(score, t);
        }
        peaks.put(key, peak);
        return peak.score() * Math.pow(0.5, (t - peak.at()) / (double) halfLife);
    }

    /** @return whether a decayed score trends */
    static boolean trends(double decayed) {
        return decayed >= DECAY_THRESHOLD;
    }
}
