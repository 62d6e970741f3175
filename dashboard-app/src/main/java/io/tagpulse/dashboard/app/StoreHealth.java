package io.tagpulse.dashboard.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.tagpulse.dashboard.QueryRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;

/**
 * Whether the database the sink writes can be read: reachable, with the sink's tables. Until the sink has created
 * them (when it first starts), the dashboard is not ready (this is in the readiness group) but stays alive: it never
 * creates them itself, and a restart would not help. Each change is logged once, with what to do.
 */
class StoreHealth implements HealthIndicator {

    private static final Log logger = LogFactory.getLog(StoreHealth.class);

    private final QueryRepository queries;

    private final AtomicReference<String> lastProblem = new AtomicReference<>("");

    StoreHealth(QueryRepository queries) {
        this.queries = queries;
    }

    @Override
    public Health health() {
        String problem;
        try {
            List<String> missing = queries.missingTables();
            problem = missing.isEmpty() ? null : missingTablesMessage(missing);
        }
        catch (DataAccessException ex) {
            problem = "the database cannot be reached: " + ex.getMostSpecificCause().getMessage();
        }
        String previous = lastProblem.getAndSet(problem == null ? null : problem);
        if (problem != null && !problem.equals(previous)) {
            logger.warn("Not ready: " + problem);
        }
        else if (problem == null && previous != null) {
            logger.info("Ready: the database has the sink's tables " + QueryRepository.TABLES);
        }
        return problem == null ? Health.up().build() : Health.down().withDetail("reason", problem).build();
    }

    /** @return what to tell users and operators while the sink's tables are missing */
    static String missingTablesMessage(List<String> missing) {
        return "the database has no table " + String.join(", ", missing)
                + " yet: the sink creates its tables when it first starts, so start the sink (or point the dashboard at"
                + " its database); the dashboard answers once they are there";
    }
}
