package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.RetentionPolicy;
import io.tagpulse.sink.TrendRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;

/**
 * Deletes the windows that started longer ago than their size's retention ({@code tagpulse.sink.retention-by-window},
 * else {@code tagpulse.sink.retention}) and the trends last updated longer ago than {@code
 * tagpulse.sink.trend-history}, and the tags' distinct authors of UTC days more than {@value
 * TrendRepository#DAY_AUTHORS_DAYS} days old, in bounded chunks; scheduled every {@code
 * tagpulse.sink.retention-interval}. Moderation decisions and alerts are kept. A run that fails (the database is down) is logged and the next run catches up.
 */
class RetentionJob implements Runnable {

    private static final Log logger = LogFactory.getLog(RetentionJob.class);

    private final HashtagCountRepository counts;

    private final TrendRepository trends;

    private final RetentionPolicy policy;

    private final Duration trendHistory;

    private final int chunk;

    private final Clock clock;

    RetentionJob(HashtagCountRepository counts, TrendRepository trends, RetentionPolicy policy, Duration trendHistory,
            int chunk, Clock clock) {
        this.counts = counts;
        this.trends = trends;
        this.policy = policy;
        this.trendHistory = trendHistory;
        this.chunk = chunk;
        this.clock = clock;
    }

    /** @return whether anything is deleted at all (zero retentions keep it forever) */
    boolean enabled() {
        return policy.deletesAnything() || !trendHistory.isZero();
    }

    @Override
    public void run() {
        for (RetentionPolicy.Cutoff cutoff : policy.cutoffs(clock.instant())) {
            try {
                long deleted = counts.deleteWindowsBefore(cutoff, chunk);
                if (deleted > 0) {
                    logger.info("Retention: deleted " + deleted + " counts of " + cutoff.windows()
                            + " that started before " + cutoff.before());
                }
            }
            catch (DataAccessException ex) {
                logger.warn("Retention: deleting " + cutoff.windows() + " before " + cutoff.before()
                        + " failed, the next run tries again: " + ex.getMessage());
            }
        }
        if (!trendHistory.isZero()) {
            try {
                long deleted = trends.deleteUpdatedBefore(clock.instant().minus(trendHistory), chunk);
                if (deleted > 0) {
                    logger.info("Retention: deleted " + deleted + " trends last updated over " + trendHistory
                            + " ago");
                }
            }
            catch (DataAccessException ex) {
                logger.warn("Retention: deleting old trends failed, the next run tries again: " + ex.getMessage());
            }
        }
        LocalDate firstKept = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
            .minusDays(TrendRepository.DAY_AUTHORS_DAYS - 1);
        try {
            trends.deleteDayAuthorsBefore(firstKept, chunk);
        }
        catch (DataAccessException ex) {
            logger.warn("Retention: deleting old distinct authors per day failed, the next run tries again: "
                    + ex.getMessage());
        }
    }
}
