package io.tagpulse.dashboard;

/** {@link TrendQueries} on H2 2.x, the default database, in memory. */
class TrendQueriesTests extends TrendQueriesContract {

    TrendQueriesTests() {
        super(TestDatabase.h2());
    }
}
