package io.tagpulse.sink;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** Empty in-memory H2 databases (in H2's default, standard mode) for tests. */
public final class InMemoryH2 {

    private InMemoryH2() {
    }

    /** @return a new empty database, kept until the JVM ends */
    public static DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        return dataSource;
    }
}
