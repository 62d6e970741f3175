package io.tagpulse.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link HashtagCountRepository} on PostgreSQL 15+, each test in a schema of its own. Runs when the environment
 * variable {@value #URL_VARIABLE} holds a JDBC URL with credentials, e.g.
 * {@code jdbc:postgresql://localhost:5432/tagpulse?user=tagpulse&password=secret}; skipped otherwise.
 */
class HashtagCountRepositoryPostgresIT extends HashtagCountRepositoryContract {

    static final String URL_VARIABLE = "TAGPULSE_TEST_POSTGRES_URL";

    private PGSimpleDataSource dataSource;

    private String schema;

    @BeforeAll
    static void requirePostgres() {
        assumeTrue(System.getenv(URL_VARIABLE) != null, URL_VARIABLE + " is not set");
    }

    @Override
    DataSource emptyDatabase() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(System.getenv(URL_VARIABLE));
        schema = "sink_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            dataSource.setCurrentSchema(null);
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql, ex);
        }
    }
}
