package io.tagpulse.dashboard;

/** {@link QueryRepository} on H2 2.x, the default database, in memory. */
class QueryRepositoryTests extends QueryRepositoryContract {

    QueryRepositoryTests() {
        super(TestDatabase.h2());
    }
}
