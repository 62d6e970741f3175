package io.tagpulse.sink.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction the sink ended on an H2 file survives a SIGKILL of the sink right after it: a child JVM commits a row
 * a transaction through {@link DurableTransactions}, prints each row's number once its transaction has ended (as the
 * sink then commits its Kafka offsets), and is killed as soon as it printed the first few; every printed row must be in
 * the file. The same through a plain {@link TransactionTemplate} loses some (H2 writes a commit to its file up to
 * 500 ms later), so the test can fail.
 */
class DurableTransactionsTests {

    private static final int ROWS_BEFORE_KILL = 20;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyTransactionEndedBeforeAKillIsInTheFile(@TempDir Path dir) throws Exception {
        String url = url(dir);
        List<Integer> ended = endThenKill(url, "durable");
        assertThat(stored(url)).as("rows whose transaction ended before the kill").containsAll(ended);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withAPlainTransactionSomeAreLost(@TempDir Path dir) throws Exception {
        String url = url(dir);
        List<Integer> ended = endThenKill(url, "plain");
        assertThat(stored(url).containsAll(ended)).as("all of %s stored", ended).isFalse();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void checkpointsOnH2() {
        DurableTransactions h2 = durable(io.tagpulse.sink.InMemoryH2.emptyDatabase());
        h2.executeWithoutResult(status -> { });
        assertThat(h2.checkpoints()).isTrue();
    }

    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("sink") + ";AUTO_SERVER=TRUE";
    }

    /** @return the rows whose transaction the child reported ended before it was killed */
    private static List<Integer> endThenKill(String url, String mode) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows_written (n INT PRIMARY KEY)");
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Writer.class.getName(), url, mode).redirectErrorStream(true)
            .start();
        List<Integer> ended = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ended ")) {
                    ended.add(Integer.parseInt(line.substring("ended ".length())));
                    if (ended.size() == ROWS_BEFORE_KILL) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child was killed").isTrue();
        assertThat(ended).as("rows the child reported before the kill").hasSize(ROWS_BEFORE_KILL);
        return ended;
    }

    private static List<Integer> stored(String url) throws Exception {
        List<Integer> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet result = connection.createStatement().executeQuery("SELECT n FROM rows_written")) {
            while (result.next()) {
                rows.add(result.getInt(1));
            }
        }
        return rows;
    }

    private static DurableTransactions durable(javax.sql.DataSource dataSource) {
        return new DurableTransactions(dataSource, new DataSourceTransactionManager(dataSource));
    }

    /** The child: a row a transaction, printing each once its transaction has ended, until killed. */
    public static final class Writer {

        public static void main(String[] args) throws Exception {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(args[0]);
            dataSource.setUser("sa");
            TransactionOperations transactions = args[1].equals("durable") ? durable(dataSource)
                    : new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            // Held open for the child's life, as the sink's connection pool holds its connections: with none open,
            // H2 would close the database after each transaction and so write it out.
            try (Connection held = dataSource.getConnection()) {
                for (int n = 0; ; n++) {
                    int row = n;
                    transactions.executeWithoutResult(
                            status -> jdbc.update("INSERT INTO rows_written VALUES (?)", row));
                    System.out.println("ended " + n);
                    System.out.flush();
                }
            }
        }
    }
}
