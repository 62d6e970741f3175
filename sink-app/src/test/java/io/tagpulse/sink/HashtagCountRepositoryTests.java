package io.tagpulse.sink;

import javax.sql.DataSource;

/** {@link HashtagCountRepository} on H2 2.x, the default database, in memory and in its default (standard) mode. */
class HashtagCountRepositoryTests extends HashtagCountRepositoryContract {

    @Override
    DataSource emptyDatabase() {
        return InMemoryH2.emptyDatabase();
    }
}
