package io.tagpulse.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.tagpulse.testing.TestPostgres;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An empty schema of its own on PostgreSQL 15+ for one test: on the server the tests start themselves
 * ({@link TestPostgres}), or on the server whose JDBC URL (with credentials) the environment variable
 * {@value #URL_VARIABLE} holds, e.g. {@code jdbc:postgresql://localhost:5432/tagpulse?user=tagpulse&password=secret}.
 * Never skipped.
 */
final class PostgresSchema {

    static final String URL_VARIABLE = "TAGPULSE_TEST_POSTGRES_URL";

    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private final String schema = "sink_test_" + UUID.randomUUID().toString().replace("-", "");

    /** One database on the shared server for all the tests of a run, created on first use. */
    private static final class SharedDatabase {

        static final String URL = TestPostgres.shared().createDatabase();
    }

    private PostgresSchema() {
        String url = System.getenv(URL_VARIABLE);
        dataSource.setURL(url != null && !url.isBlank() ? url : SharedDatabase.URL);
        execute("CREATE SCHEMA " + schema);
        dataSource.setCurrentSchema(schema);
    }

    /** @return a new empty schema */
    static PostgresSchema create() {
        return new PostgresSchema();
    }

    /** @return connections to the schema */
    DataSource dataSource() {
        return dataSource;
    }

    /** Drops the schema and everything in it. */
    void drop() {
        dataSource.setCurrentSchema(null);
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql, ex);
        }
    }

    /**
     * The schemas of a test class's tests, as a JUnit extension ({@code @RegisterExtension}): each test's
     * {@link #create()} makes its empty schema, dropped after the test.
     */
    static final class PerTest implements AfterEachCallback {

        private PostgresSchema schema;

        /** @return connections to a new empty schema for the running test */
        DataSource create() {
            schema = PostgresSchema.create();
            return schema.dataSource();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (schema != null) {
                schema.drop();
                schema = null;
            }
        }
    }
}
