package io.tagpulse.sink;

import javax.sql.DataSource;

/** The trend store on H2 2.x, the default database, in memory. */
class TrendStoreTests extends TrendStoreContract {

    @Override
    DataSource emptyDatabase() {
        return InMemoryH2.emptyDatabase();
    }
}
