package io.tagpulse.dashboard;

/** {@link MastodonTrends} on H2 2.x, each test in a database of its own. */
class MastodonTrendsTests extends MastodonTrendsContract {

    MastodonTrendsTests() {
        super(TestDatabase.h2());
    }
}
