package io.tagpulse.sink.bench;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.testing.BenchDatabase;
import io.tagpulse.testing.Zipf;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures the sink's storage by hand (not part of {@code verify}): the upsert rate of the batch path (the
 * repository's MERGE, {@value #BATCH} rows per JDBC batch and transaction, as the sink stores one poll), new rows and
 * then the same keys with new totals, on an H2 file and on PostgreSQL (a durable server started like the tests' one,
 * fsync on). The rows are 1-second windows, each with {@value #TAGS_PER_WINDOW} distinct tags drawn from a Zipf
 * distribution (s = 1.1) over {@value #VOCABULARY} tags. (The dashboard app's {@code QueryBenchmark} measures the
 * queries.) Run with:
 * <pre>
 * ./mvnw -q -o -f sink-app/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp sink-app/target/test-classes:sink-app/target/classes:$(cat sink-app/target/cp.txt) \
 *     io.tagpulse.sink.bench.StorageBenchmark h2|postgres [runs, 3] [upsert rows per run, 200000]
 * </pre>
 */
public final class StorageBenchmark {

    static final int BATCH = 1000;

    static final int TAGS_PER_WINDOW = 500;

    static final int VOCABULARY = 100_000;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int upsertRows = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        try (BenchDatabase bench = BenchDatabase.open(database);
                Connection connection = bench.dataSource().getConnection()) {
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            Flyway.configure().dataSource(single).load().migrate();
            run(database, single, runs, upsertRows);
        }
    }

    private static void run(String database, DataSource dataSource, int runs, int upsertRows) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        HashtagCountRepository counts = new HashtagCountRepository(jdbc);
        Zipf zipf = new Zipf(VOCABULARY, 1.1);
        SplittableRandom random = new SplittableRandom(42);
        System.out.printf("%s: batch %d rows per JDBC batch and transaction%n", database, BATCH);

        // The sink's path: new rows (inserts), then the same keys again with new totals (updates).
        long window = 0;
        for (int run = 1; run <= runs; run++) {
            List<HashtagCount> rows = new ArrayList<>(upsertRows);
            while (rows.size() < upsertRows) {
                long current = window++;
                windowCounts(zipf, random).forEach((tag, count) -> rows.add(new HashtagCount(tag,
                        T0.plusSeconds(current), T0.plusSeconds(current + 1), count, tag.toUpperCase())));
            }
            double inserts = upsert(counts, transactions, rows);
            List<HashtagCount> updated = rows.stream()
                .map(c -> new HashtagCount(c.tag(), c.windowStart(), c.windowEnd(), c.count() + 1, c.display()))
                .toList();
            double updates = upsert(counts, transactions, updated);
            System.out.printf("upsert run %d: %,.0f rows/s inserting, %,.0f rows/s updating (%,d rows each)%n", run,
                    inserts, updates, rows.size());
        }
    }

    private static double upsert(HashtagCountRepository counts, TransactionTemplate transactions,
            List<HashtagCount> rows) {
        long started = System.nanoTime();
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<HashtagCount> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
            transactions.executeWithoutResult(status -> counts.upsert(batch));
        }
        return rows.size() / ((System.nanoTime() - started) / 1e9);
    }

    /** @return the tags of one window and their counts: draws from the Zipf distribution until enough are distinct */
    private static Map<String, Long> windowCounts(Zipf zipf, SplittableRandom random) {
        Map<String, Long> counts = new HashMap<>();
        while (counts.size() < TAGS_PER_WINDOW) {
            counts.merge("tag" + zipf.sample(random), 1L, Long::sum);
        }
        return counts;
    }
}
