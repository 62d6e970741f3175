package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.dashboard.SinkTables;
import io.tagpulse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query timeout on a real PostgreSQL: while another connection holds an exclusive lock on the table an endpoint
 * reads, its query waits until the driver cancels it after {@code tagpulse.dashboard.query-timeout} (1 s here), and
 * the API answers 503 with a JSON error naming the timeout, within the timeout plus a margin; once the lock is
 * released the same call answers 200, so the 503 was the lock's and the app goes on. Without the timeout the call
 * would wait for the lock and the client's 30 s timeout would fail the test.
 */
class QueryTimeoutPostgresIT {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    /** The machine is shared and loaded: a cancelled query answers within the timeout plus this. */
    private static final Duration MARGIN = Duration.ofSeconds(4);

    private static ConfigurableApplicationContext app;

    private static PGSimpleDataSource database;

    private static String base;

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        String url = TestPostgres.shared().createDatabase();
        database = new PGSimpleDataSource();
        database.setURL(url);
        SinkTables.migrate(database);
        Instant start = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        new SinkTables(database).store(List.of(new HashtagCount("kafka", start, start.plusSeconds(1), 3)));
        app = new SpringApplicationBuilder(DashboardApplication.class, TestChannelBinderConfiguration.class).run(
                "--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=tagpulse",
                "--spring.datasource.password=", "--tagpulse.dashboard.query-timeout=" + QUERY_TIMEOUT.toSeconds() + "s",
                "--tagpulse.dashboard.api.rate-limit.requests-per-second=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        // A first call on a cold server takes seconds of its own on a loaded machine: not what is measured here.
        try {
            assertThat(get("/api/tags/top").statusCode()).isEqualTo(200);
        }
        catch (Exception ex) {
            throw new IllegalStateException("the dashboard does not answer", ex);
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1} locked")
    @CsvSource({
            "/api/tags/top,                hashtag_counts",
            "/api/series?tag=kafka,        hashtag_counts",
            "/api/tags/kafka/series,       hashtag_counts",
            "/api/windows,                 hashtag_counts",
            "/api/windows/latest?window=1m, hashtag_counts",
            "/api/trends,                  trends",
            "/api/trends/history,          trends",
            "/api/trends/scopes,           trends",
            "/api/trends/global/kafka,     trends",
            "/api/v1/trends/tags,          trends",
            "/api/moderation,              moderation_decisions" })
    void shouldAnswer503WhenAQueryOutlastsTheTimeout(String path, String table) throws Exception {
        HttpResponse<String> answer;
        Duration took;
        try (Connection locker = database.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            answer = get(path);
            took = Duration.ofNanos(System.nanoTime() - started);
            locker.rollback();
        }

        System.out.printf("%s with %s locked: %d after %d ms%n", path, table, answer.statusCode(), took.toMillis());
        assertThat(answer.statusCode()).as("%s -> %s", path, answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).startsWith("{\"error\":\"the query ran longer than the query timeout of 1 s")
            .doesNotContain("Exception", "at org.", "PSQL", "SELECT");
        assertThat(took).as("answered after %s", took).isGreaterThanOrEqualTo(QUERY_TIMEOUT.minusMillis(100))
            .isLessThan(QUERY_TIMEOUT.plus(MARGIN));

        HttpResponse<String> unlocked = get(path);
        assertThat(unlocked.statusCode()).as("%s after the lock -> %s", path, unlocked.body()).isIn(200, 404);
        if (unlocked.statusCode() == 404) {
            // Only the trend detail may be 404: no trend of kafka is stored, and it says so.
            assertThat(path).startsWith("/api/trends/global/");
            assertThat(unlocked.body()).startsWith("{\"error\":\"no trend");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
