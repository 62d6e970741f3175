package io.tagpulse.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.tagpulse.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repositories on PostgreSQL 15+, each test in a schema of its own: on the server the tests start themselves
 * ({@link TestPostgres}), or on the server whose JDBC URL (with credentials) the environment variable
 * {@value #URL_VARIABLE} holds, e.g. {@code jdbc:postgresql://localhost:5432/tagpulse?user=tagpulse&password=secret}.
 * Never skipped.
 */
class HashtagCountRepositoryPostgresIT extends HashtagCountRepositoryContract {

    static final String URL_VARIABLE = "TAGPULSE_TEST_POSTGRES_URL";

    private PGSimpleDataSource dataSource;

    private String schema;

    private static synchronized String databaseUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank() ? url : SharedDatabase.URL;
    }

    /** One database on the shared server for this class, created on first use. */
    private static final class SharedDatabase {

        static final String URL = TestPostgres.shared().createDatabase();
    }

    @Override
    DataSource emptyDatabase() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(databaseUrl());
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
