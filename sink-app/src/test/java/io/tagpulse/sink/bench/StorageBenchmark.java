package io.tagpulse.sink.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.QueryRepository;
import io.tagpulse.testing.TestPostgres;
import io.tagpulse.sink.TimeRange;
import io.tagpulse.sink.TrendingRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures the sink's storage by hand (not part of {@code verify}): the upsert rate of the batch path (the
 * repository's MERGE, {@value #BATCH} rows per JDBC batch and transaction, as the sink stores one poll) and the p95
 * of the main queries on a table of 10 million rows, on an H2 file and on PostgreSQL (a durable server started like
 * the tests' one, fsync on).
 * <p>
 * The table is filled with a realistic distribution: 1-second windows, each with {@value #TAGS_PER_WINDOW} distinct
 * tags drawn from a Zipf distribution (s = 1.1) over {@value #VOCABULARY} tags, each with its number of draws as
 * count, plus one trending ranking (top 10) every 10 s. Run with:
 * <pre>
 * ./mvnw -q -o -f sink-app/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp sink-app/target/test-classes:sink-app/target/classes:$(cat sink-app/target/cp.txt) \
 *     io.tagpulse.sink.bench.StorageBenchmark h2|postgres [rows, 10000000] [runs, 3] [upsert rows per run, 200000]
 * </pre>
 */
public final class StorageBenchmark {

    static final int BATCH = 1000;

    static final int TAGS_PER_WINDOW = 500;

    static final int VOCABULARY = 100_000;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static int upsertRows = 200_000;

    private static final int QUERIES = 60;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        upsertRows = args.length > 3 ? Integer.parseInt(args[3]) : upsertRows;
        Path dir = Files.createTempDirectory("tagpulse-bench-");
        TestPostgres postgres = null;
        DataSource dataSource;
        if (database.equals("postgres")) {
            postgres = TestPostgres.start(true);
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(postgres.createDatabase() + "&reWriteBatchedInserts=true");
            dataSource = pg;
        }
        else {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + dir.resolve("bench") + ";CACHE_SIZE=262144");
            h2.setUser("sa");
            dataSource = h2;
        }
        try (Connection connection = dataSource.getConnection()) {
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            Flyway.configure().dataSource(single).load().migrate();
            run(database, single, rows, runs);
        }
        finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void run(String database, DataSource dataSource, long rows, int runs) throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        HashtagCountRepository counts = new HashtagCountRepository(jdbc);
        TrendingRepository trending = new TrendingRepository(jdbc, transactions);
        Zipf zipf = new Zipf(VOCABULARY, 1.1);
        SplittableRandom random = new SplittableRandom(42);
        System.out.printf("%s: batch %d rows per JDBC batch and transaction%n", database, BATCH);

        // Upsert rate, the sink's path: new rows (inserts), then the same keys again with new totals (updates).
        long window = 0;
        for (int run = 1; run <= runs; run++) {
            List<HashtagCount> fresh = new ArrayList<>(upsertRows);
            long first = window;
            while (fresh.size() < upsertRows) {
                windowCounts(zipf, random, window++).forEach((tag, count) -> fresh.add(count(tag, first, count)));
            }
            List<HashtagCount> batchRows = new ArrayList<>(fresh.size());
            long w = first;
            int i = 0;
            for (HashtagCount c : fresh) {
                batchRows.add(new HashtagCount(c.tag(), T0.plusSeconds(w), T0.plusSeconds(w + 1), c.count(),
                        c.display()));
                if (++i % TAGS_PER_WINDOW == 0) {
                    w++;
                }
            }
            double inserts = upsert(counts, transactions, batchRows);
            List<HashtagCount> updated = batchRows.stream()
                .map(c -> new HashtagCount(c.tag(), c.windowStart(), c.windowEnd(), c.count() + 1, c.display()))
                .toList();
            double updates = upsert(counts, transactions, updated);
            System.out.printf("upsert run %d: %,.0f rows/s inserting, %,.0f rows/s updating (%,d rows each)%n", run,
                    inserts, updates, batchRows.size());
        }

        // Fill to the target size with plain batched inserts (faster than the MERGE; same rows and distribution).
        long stored = jdbc.queryForObject("SELECT COUNT(*) FROM hashtag_counts", Long.class);
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO hashtag_counts (tag, window_start, window_end, window_size_ms, mention_count, display,
                                                updated_at)
                    VALUES (?, ?, ?, 1000, ?, ?, CURRENT_TIMESTAMP)""")) {
                int pending = 0;
                while (stored < rows) {
                    long current = window++;
                    for (Map.Entry<String, Long> entry : windowCounts(zipf, random, current).entrySet()) {
                        insert.setString(1, entry.getKey());
                        insert.setObject(2, T0.plusSeconds(current).atOffset(ZoneOffset.UTC));
                        insert.setObject(3, T0.plusSeconds(current + 1).atOffset(ZoneOffset.UTC));
                        insert.setLong(4, entry.getValue());
                        insert.setString(5, entry.getKey().toUpperCase());
                        insert.addBatch();
                        stored++;
                        if (++pending == 10_000) {
                            insert.executeBatch();
                            connection.commit();
                            pending = 0;
                        }
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
            connection.setAutoCommit(true);
        }
        long windows = window;
        for (long start = 0; start + 60 <= windows; start += 10) {
            List<TagTrend> top = new ArrayList<>();
            for (int rank = 1; rank <= 10; rank++) {
                top.add(new TagTrend("tag" + (rank * 7 + start % 13), 100 - rank, 2.5, 10.0 - rank / 2.0));
            }
            trending.replace(new TrendingTags(T0.plusSeconds(start), T0.plusSeconds(start + 60), 4, top));
        }
        analyze(jdbc, database);
        System.out.printf("filled %,d count rows over %,d one-second windows in %.0f s, %,d trending rows%n",
                jdbc.queryForObject("SELECT COUNT(*) FROM hashtag_counts", Long.class), windows,
                (System.nanoTime() - started) / 1e9,
                jdbc.queryForObject("SELECT COUNT(*) FROM trending_tags", Long.class));

        // The query API's own repository: the benchmark measures exactly what the API runs.
        QueryRepository queries = new QueryRepository(new NamedParameterJdbcTemplate(jdbc), Duration.ofSeconds(1),
                Duration.ofMinutes(2));
        for (int run = 1; run <= runs; run++) {
            SplittableRandom pick = new SplittableRandom(run);
            double top5m = p95(() -> {
                long start = pick.nextLong(Math.max(1, windows - 300));
                queries.topTags(new TimeRange(T0.plusSeconds(start), T0.plusSeconds(start + 300)), 10);
            });
            double top1h = p95(() -> {
                long start = pick.nextLong(Math.max(1, windows - 3600));
                queries.topTags(new TimeRange(T0.plusSeconds(start), T0.plusSeconds(start + 3600)), 10);
            });
            double series = p95(() -> {
                long start = pick.nextLong(Math.max(1, windows - 3600));
                queries.series(List.of("tag" + zipf.sample(pick)),
                        new TimeRange(T0.plusSeconds(start), T0.plusSeconds(start + 3600)), Duration.ofSeconds(1));
            });
            double latest = p95(() -> queries.latestTrending().orElseThrow());
            System.out.printf("query run %d p95: top tags 5 min %.1f ms, top tags 1 h %.1f ms, series 1 tag 1 h %.1f ms,"
                    + " latest trending %.1f ms%n", run, top5m, top1h, series, latest);
        }
    }

    private static void analyze(JdbcTemplate jdbc, String database) {
        jdbc.execute(database.equals("postgres") ? "VACUUM ANALYZE" : "ANALYZE");
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

    private static HashtagCount count(String tag, long window, long count) {
        return new HashtagCount(tag, T0.plusSeconds(window), T0.plusSeconds(window + 1), count, tag.toUpperCase());
    }

    /** @return the tags of one window and their counts: draws from the Zipf distribution until enough are distinct */
    private static Map<String, Long> windowCounts(Zipf zipf, SplittableRandom random, long window) {
        Map<String, Long> counts = new HashMap<>();
        while (counts.size() < TAGS_PER_WINDOW) {
            counts.merge("tag" + zipf.sample(random), 1L, Long::sum);
        }
        return counts;
    }

    /** @return the 95th percentile in milliseconds of the query, after a warm-up */
    private static double p95(Runnable query) {
        for (int i = 0; i < 5; i++) {
            query.run();
        }
        double[] millis = new double[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long started = System.nanoTime();
            query.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[(int) Math.ceil(QUERIES * 0.95) - 1];
    }

    /** Ranks 1..n with probability proportional to 1 / rank^s, sampled by binary search of the cumulative sums. */
    private static final class Zipf {

        private final double[] cumulative;

        Zipf(int n, double s) {
            cumulative = new double[n];
            double sum = 0;
            for (int rank = 1; rank <= n; rank++) {
                sum += 1 / Math.pow(rank, s);
                cumulative[rank - 1] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        int sample(SplittableRandom random) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            return (index >= 0 ? index : -index - 1) + 1;
        }
    }
}
