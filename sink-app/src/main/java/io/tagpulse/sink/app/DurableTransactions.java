package io.tagpulse.sink.app;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sink's transactions, each durable against a kill of the process once it has ended. The sink commits a batch's
 * Kafka offsets (or a moderation decision's) right after the batch's transaction, so a commit the database still held only in memory would be a
 * count lost for good. PostgreSQL is durable at commit. H2, the local default, writes a commit to its file up to
 * 500 ms later ({@code WRITE_DELAY}): the soak run lost 33 mentions when it killed the sink in that gap. So on H2 each
 * transaction is followed by {@code CHECKPOINT}, which writes what was committed to the file at once. (H2's
 * {@code WRITE_DELAY=0} would too, but it also stops the background writer that compacts the file, which then grew
 * by about 90 MB a minute at 1,000 posts/s.)
 */
final class DurableTransactions implements TransactionOperations {

    private final TransactionOperations transactions;

    private final JdbcTemplate jdbc;

    /** Whether the database is H2, learnt at the first transaction (the database may be down at start-up). */
    private volatile Boolean h2;

    DurableTransactions(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        T result = transactions.execute(action);
        if (checkpoints()) {
            jdbc.execute("CHECKPOINT");
        }
        return result;
    }

    /** @return whether each transaction is followed by a checkpoint: whether the database is H2 */
    boolean checkpoints() {
        Boolean known = h2;
        if (known == null) {
            known = "H2".equals(jdbc.execute(
                    (ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName()));
            h2 = known;
        }
        return known;
    }
}
