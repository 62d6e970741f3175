package io.tagpulse.sink;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;

/** The trend store on PostgreSQL 15+, each test in a schema of its own ({@link PostgresSchema}). */
class TrendStorePostgresIT extends TrendStoreContract {

    private PostgresSchema schema;

    @Override
    DataSource emptyDatabase() {
        schema = PostgresSchema.create();
        return schema.dataSource();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }
}
