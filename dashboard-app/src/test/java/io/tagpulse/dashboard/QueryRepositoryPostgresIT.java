package io.tagpulse.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.tagpulse.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link QueryRepository} on PostgreSQL 15+, each test in a schema of its own, on the server the tests start
 * themselves ({@link TestPostgres}) or the one {@code TAGPULSE_TEST_POSTGRES_URL} names. Never skipped.
 */
class QueryRepositoryPostgresIT extends QueryRepositoryContract {

    /** A PostgreSQL server's JDBC URL (with credentials) to use instead of one the test starts. */
    static final String URL_VARIABLE = "TAGPULSE_TEST_POSTGRES_URL";

    private PGSimpleDataSource dataSource;

    private String schema;

    /** One database on the shared server for this class, created on first use. */
    private static final class SharedDatabase {

        static final String URL = TestPostgres.shared().createDatabase();
    }

    private static String databaseUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank() ? url : SharedDatabase.URL;
    }

    @Override
    DataSource emptyDatabase() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(databaseUrl());
        schema = "query_test_" + UUID.randomUUID().toString().replace("-", "");
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
