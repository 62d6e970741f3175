package io.tagpulse.dashboard;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;

/**
 * {@link QueryRepository} on PostgreSQL 15+, each test in a schema of its own ({@link PostgresSchema}). Never
 * skipped.
 */
class QueryRepositoryPostgresIT extends QueryRepositoryContract {

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
