package io.tagpulse.dashboard;

/** {@link QueryRepository} on PostgreSQL 15+, each test in a schema of its own. Never skipped. */
class QueryRepositoryPostgresIT extends QueryRepositoryContract {

    QueryRepositoryPostgresIT() {
        super(TestDatabase.postgres());
    }
}
