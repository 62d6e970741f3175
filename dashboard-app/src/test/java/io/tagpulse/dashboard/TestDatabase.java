package io.tagpulse.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.tagpulse.testing.TestPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An empty database for one test, of a kind the sink supports: an in-memory H2, or a schema of its own on the
 * PostgreSQL server the tests start themselves ({@link TestPostgres}) or the one {@value #URL_VARIABLE} names.
 */
abstract class TestDatabase {

    /** A PostgreSQL server's JDBC URL (with credentials) to use instead of one the test starts. */
    static final String URL_VARIABLE = "TAGPULSE_TEST_POSTGRES_URL";

    /** @return a new empty database */
    abstract DataSource create();

    /** Removes what {@link #create()} made. */
    void drop() {
    }

    /** @return in-memory H2 databases, the default database */
    static TestDatabase h2() {
        return new TestDatabase() {

            @Override
            DataSource create() {
                JdbcDataSource dataSource = new JdbcDataSource();
                dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
                dataSource.setUser("sa");
                return dataSource;
            }
        };
    }

    /** @return schemas of their own on PostgreSQL 15+, dropped with everything in them after each test */
    static TestDatabase postgres() {
        return new Postgres();
    }

    private static final class Postgres extends TestDatabase {

        private PGSimpleDataSource dataSource;

        private String schema;

        /** One database on the shared server for this JVM, created on first use. */
        private static final class SharedDatabase {

            static final String URL = TestPostgres.shared().createDatabase();
        }

        @Override
        DataSource create() {
            String url = System.getenv(URL_VARIABLE);
            dataSource = new PGSimpleDataSource();
            dataSource.setURL(url != null && !url.isBlank() ? url : SharedDatabase.URL);
            schema = "query_test_" + UUID.randomUUID().toString().replace("-", "");
            execute("CREATE SCHEMA " + schema);
            dataSource.setCurrentSchema(schema);
            return dataSource;
        }

        @Override
        void drop() {
            if (schema != null) {
                dataSource.setCurrentSchema(null);
                execute("DROP SCHEMA " + schema + " CASCADE");
                schema = null;
            }
        }

        private void execute(String sql) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException ex) {
                throw new IllegalStateException(sql, ex);
            }
        }
    }
}
