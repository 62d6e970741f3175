package io.tagpulse.dashboard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.QueryRepository;
import io.tagpulse.dashboard.SinkTables;
import io.tagpulse.dashboard.TimeRange;
import io.tagpulse.dashboard.TrendQueries;
import io.tagpulse.testing.BenchDatabase;
import io.tagpulse.testing.Zipf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Measures the dashboard's queries by hand (not part of {@code verify}): the p95 of the main queries of the API, run
 * by its own repository, on a table of 10 million rows, on an H2 file and on PostgreSQL (a durable server started like
 * the tests' one, fsync on), the tables made by the sink's migrations. (The sink's {@code StorageBenchmark} measures
 * the writes.)
 * <p>
 * The table is filled with a realistic distribution: 1-second windows, each with {@value #TAGS_PER_WINDOW} distinct
 * tags drawn from a Zipf distribution (s = 1.1) over {@value #VOCABULARY} tags, each with its number of draws as
 * count, plus a trend starting every minute in two scopes. Run from the repository root with:
 * <pre>
 * ./mvnw -q -o -f dashboard-app/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp dashboard-app/target/test-classes:dashboard-app/target/classes:$(cat dashboard-app/target/cp.txt) \
 *     io.tagpulse.dashboard.bench.QueryBenchmark h2|postgres [rows, 10000000] [runs, 3]
 * </pre>
 */
public final class QueryBenchmark {

    static final int TAGS_PER_WINDOW = 500;

    static final int VOCABULARY = 100_000;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final int QUERIES = 60;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (BenchDatabase bench = BenchDatabase.open(database);
                Connection connection = bench.dataSource().getConnection()) {
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            SinkTables.migrate(single);
            run(database, single, rows, runs);
        }
    }

    private static void run(String database, DataSource dataSource, long rows, int runs) throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SinkTables tables = new SinkTables(dataSource);
        Zipf zipf = new Zipf(VOCABULARY, 1.1);
        SplittableRandom random = new SplittableRandom(42);
        long window = 0;

        // Fill to the target size with plain batched inserts (the rows the sink's upserts would leave).
        long stored = 0;
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
                    for (Map.Entry<String, Long> entry : windowCounts(zipf, random).entrySet()) {
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
        // A trend starts every minute and lasts 10 minutes (ended), in the global scope and one language's.
        for (long start = 0; start + 600 <= windows; start += 60) {
            for (String scope : List.of("global", "language:en")) {
                Instant begun = T0.plusSeconds(start);
                String tag = "tag" + (start / 60 % 997);
                boolean ended = start + 1200 <= windows;
                Instant asOf = begun.plusSeconds(600);
                tables.store(new TrendUpdate(TrendUpdate.trendId(scope, tag, begun), scope, tag,
                        ended ? TrendUpdate.ENDED : TrendUpdate.HOT, begun, begun.plusSeconds(120), 300,
                        ended ? asOf : null, asOf, 900, 300, 90.0, 20.0 - start % 7, 150,
                        List.of(new RelatedTag("tag1", 40)), false, null));
            }
        }
        analyze(jdbc, database);
        System.out.printf("filled %,d count rows over %,d one-second windows in %.0f s, %,d trend rows%n",
                jdbc.queryForObject("SELECT COUNT(*) FROM hashtag_counts", Long.class), windows,
                (System.nanoTime() - started) / 1e9,
                jdbc.queryForObject("SELECT COUNT(*) FROM trends", Long.class));

        // The query API's own repository: the benchmark measures exactly what the API runs.
        QueryRepository queries = new QueryRepository(new NamedParameterJdbcTemplate(jdbc), Duration.ofSeconds(1));
        TrendQueries trends = new TrendQueries(new NamedParameterJdbcTemplate(jdbc), Duration.ofMinutes(5));
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
            double current = p95(() -> trends.current(TrendScope.GLOBAL_SCOPE, 20));
            double history = p95(() -> trends.history(TrendScope.GLOBAL_SCOPE,
                    new TimeRange(T0, T0.plusSeconds(windows)), 100));
            // The trends panel's sparklines at their most costly: the 20 busiest tags (in every window), 30 minutes.
            List<String> busiest = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "tag" + i).toList();
            double sparklines = p95(() -> {
                long start = pick.nextLong(Math.max(1, windows / 60 - 30)) * 60;
                queries.bucketCounts(busiest, new TimeRange(T0.plusSeconds(start), T0.plusSeconds(start + 1800)),
                        Duration.ofMinutes(1));
            });
            System.out.printf("query run %d p95: top tags 5 min %.1f ms, top tags 1 h %.1f ms, series 1 tag 1 h"
                    + " %.1f ms, current trends %.1f ms, trend history %.1f ms, sparklines 20 tags 30 min %.1f ms%n",
                    run, top5m, top1h, series, current, history, sparklines);
        }
    }

    private static void analyze(JdbcTemplate jdbc, String database) {
        jdbc.execute(database.equals("postgres") ? "VACUUM ANALYZE" : "ANALYZE");
    }

    /** @return the tags of one window and their counts: draws from the Zipf distribution until enough are distinct */
    private static Map<String, Long> windowCounts(Zipf zipf, SplittableRandom random) {
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
}
