package io.tagpulse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a storage benchmark runs on, as its command line names it: {@code h2}, a file in a new temporary
 * directory with a 256 MB cache, or {@code postgres}, a new database on a durable server of its own (fsync on, like
 * production; {@link TestPostgres#start(boolean)}), stopped on {@link #close()}. JDBC batches are rewritten into
 * multi-row inserts on PostgreSQL, as the apps' URLs ask.
 *
 * @param dataSource connections to the database
 * @param postgres the server of a PostgreSQL database, null for H2
 */
public record BenchDatabase(DataSource dataSource, TestPostgres postgres) implements AutoCloseable {

    /**
     * @param kind {@code h2} or {@code postgres}
     * @return the database, empty
     */
    public static BenchDatabase open(String kind) throws IOException {
        if (kind.equals("postgres")) {
            TestPostgres server = TestPostgres.start(true);
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(server.createDatabase() + "&reWriteBatchedInserts=true");
            return new BenchDatabase(pg, server);
        }
        if (!kind.equals("h2")) {
            throw new IllegalArgumentException("the database must be h2 or postgres, got " + kind);
        }
        Path dir = Files.createTempDirectory("tagpulse-bench-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("bench") + ";CACHE_SIZE=262144");
        h2.setUser("sa");
        return new BenchDatabase(h2, null);
    }

    @Override
    public void close() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
