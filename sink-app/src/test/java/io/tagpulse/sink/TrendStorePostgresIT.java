package io.tagpulse.sink;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The trend store on PostgreSQL 15+, each test in a schema of its own ({@link PostgresSchema}). */
class TrendStorePostgresIT extends TrendStoreContract {

    @RegisterExtension
    final PostgresSchema.PerTest schemas = new PostgresSchema.PerTest();

    @Override
    DataSource emptyDatabase() {
        return schemas.create();
    }
}
