package io.tagpulse.dashboard;

/** {@link TrendQueries} on PostgreSQL 15+, each test in a schema of its own. Never skipped. */
class TrendQueriesPostgresIT extends TrendQueriesContract {

    TrendQueriesPostgresIT() {
        super(TestDatabase.postgres());
    }
}
