package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.TrendingRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;

/**
 * Deletes the windows that started longer ago than {@code tagpulse.sink.retention}, counts and trending rankings
 * alike, in bounded chunks; scheduled every {@code tagpulse.sink.retention-interval}. A run that fails (the database
 * is down) is logged and the next run catches up.
 */
class RetentionJob implements Runnable {

    private static final Log logger = LogFactory.getLog(RetentionJob.class);

    private final HashtagCountRepository counts;

    private final TrendingRepository trending;

    private final Duration retention;

    private final int chunk;

    private final Clock clock;

    RetentionJob(HashtagCountRepository counts, TrendingRepository trending, Duration retention, int chunk,
            Clock clock) {
        this.counts = counts;
        this.trending = trending;
        this.retention = retention;
        this.chunk = chunk;
        this.clock = clock;
    }

    /** @return whether old windows are deleted at all (a zero retention keeps them forever) */
    boolean enabled() {
        return !retention.isZero();
    }

    @Override
    public void run() {
        if (!enabled()) {
            return;
        }
        Instant cutoff = clock.instant().minus(retention);
        try {
            long deletedCounts = counts.deleteWindowsBefore(cutoff, chunk);
            long deletedTrending = trending.deleteWindowsBefore(cutoff, chunk);
            if (deletedCounts + deletedTrending > 0) {
                logger.info("Retention: deleted " + deletedCounts + " counts and " + deletedTrending
                        + " trending rows of windows that started before " + cutoff);
            }
        }
        catch (DataAccessException ex) {
            logger.warn("Retention: deleting windows before " + cutoff + " failed, the next run tries again: "
                    + ex.getMessage());
        }
    }
}
