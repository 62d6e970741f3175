package io.tagpulse.dashboard;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A query contract's database: before each test an empty one of the kind the subclass names ({@link TestDatabase}),
 * with the sink's migrations applied and a way to fill it as the sink does; after it, dropped.
 */
abstract class SinkDatabaseContract {

    private final TestDatabase database;

    /** The sink's tables, to fill as the sink does. */
    SinkTables tables;

    /** Connections to the database, for the repository under test. */
    NamedParameterJdbcTemplate jdbc;

    /** @param database where each test gets an empty database */
    SinkDatabaseContract(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    final void createDatabase() {
        DataSource dataSource = database.create();
        SinkTables.migrate(dataSource);
        tables = new SinkTables(dataSource);
        jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    @AfterEach
    final void dropDatabase() {
        database.drop();
    }
}
