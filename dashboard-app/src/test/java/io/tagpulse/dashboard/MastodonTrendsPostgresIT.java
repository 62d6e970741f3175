package io.tagpulse.dashboard;

/** {@link MastodonTrends} on PostgreSQL 15+, each test in a schema of its own. Never skipped. */
class MastodonTrendsPostgresIT extends MastodonTrendsContract {

    MastodonTrendsPostgresIT() {
        super(TestDatabase.postgres());
    }
}
