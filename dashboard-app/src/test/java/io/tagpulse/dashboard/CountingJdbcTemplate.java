package io.tagpulse.dashboard;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** A JdbcTemplate that counts the queries it runs (every prepared query passes here), to prove an answer takes one. */
final class CountingJdbcTemplate extends JdbcTemplate {

    private final AtomicInteger queries = new AtomicInteger();

    CountingJdbcTemplate(DataSource dataSource) {
        super(dataSource);
    }

    /** @return named-parameter access through this template */
    NamedParameterJdbcTemplate named() {
        return new NamedParameterJdbcTemplate(this);
    }

    /** @return how many queries ran since the last call */
    int takeCount() {
        return queries.getAndSet(0);
    }

    @Override
    public <T> T query(PreparedStatementCreator psc, PreparedStatementSetter pss, ResultSetExtractor<T> rse)
            throws DataAccessException {
        queries.incrementAndGet();
        return super.query(psc, pss, rse);
    }
}
