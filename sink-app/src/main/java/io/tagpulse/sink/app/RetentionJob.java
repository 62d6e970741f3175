package io.tagpulse.sink.app;

import java.time.Clock;

import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.RetentionPolicy;
import io.tagpulse.sink.TrendingRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;

/**
 * Deletes the windows that started longer ago than their size's retention ({@code tagpulse.sink.retention-by-window},
 * else {@code tagpulse.sink.retention}), counts and trending rankings alike, in bounded chunks; scheduled every
 * {@code tagpulse.sink.retention-interval}. A run that fails (the database is down) is logged and the next run
 * catches up.
 */
class RetentionJob implements Runnable {

    private static final Log logger = LogFactory.getLog(RetentionJob.class);

    private final HashtagCountRepository counts;

    private final TrendingRepository trending;

    private final RetentionPolicy policy;

    private final int chunk;

    private final Clock clock;

    RetentionJob(HashtagCountRepository counts, TrendingRepository trending, RetentionPolicy policy, int chunk,
            Clock clock) {
        this.counts = counts;
        this.trending = trending;
        this.policy = policy;
        this.chunk = chunk;
        this.clock = clock;
    }

    /** @return whether old windows are deleted at all (zero retentions keep them forever) */
    boolean enabled() {
        return policy.deletesAnything();
    }

    @Override
    public void run() {
        for (RetentionPolicy.Cutoff cutoff : policy.cutoffs(clock.instant())) {
            try {
                long deletedCounts = counts.deleteWindowsBefore(cutoff, chunk);
                long deletedTrending = trending.deleteWindowsBefore(cutoff, chunk);
                if (deletedCounts + deletedTrending > 0) {
                    logger.info("Retention: deleted " + deletedCounts + " counts and " + deletedTrending
                            + " trending rows of " + cutoff.windows() + " that started before " + cutoff.before());
                }
            }
            catch (DataAccessException ex) {
                logger.warn("Retention: deleting " + cutoff.windows() + " before " + cutoff.before()
                        + " failed, the next run tries again: " + ex.getMessage());
            }
        }
    }
}
