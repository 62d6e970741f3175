package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.dashboard.SinkTables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard started on a database the sink has not migrated yet: it starts, stays alive but not ready, answers the
 * API 503 saying which tables are missing and who creates them, creates nothing itself, and serves counts as soon as
 * the sink's migrations have run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:dashboard-before-sink;DB_CLOSE_DELAY=-1",
        "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
@Import(TestChannelBinderConfiguration.class)
class DashboardBeforeTheSinkTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Instant T0 = Instant.parse("2032-04-05T06:07:08Z");

    @Autowired
    private Environment environment;

    @Autowired
    private DataSource dataSource;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int tables() {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'", Integer.class);
    }

    @Test
    void shouldWaitAliveButUnreadyForTheSinksTablesAndServeThemOnceThere() throws Exception {
        HttpResponse<String> top = get("/api/tags/top?from=2032-04-05T06:00:00Z&to=2032-04-05T07:00:00Z");
        assertThat(top.statusCode()).isEqualTo(503);
        assertThat(top.body()).contains("no table hashtag_counts, trends, moderation_decisions yet")
            .contains("the sink creates its tables when it first starts");
        assertThat(get("/api/trends").statusCode()).isEqualTo(503);
        assertThat(get("/api/trends/history").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(tables()).as("tables the dashboard created").isZero();

        // The sink starts and migrates.
        SinkTables.migrate(dataSource);
        new SinkTables(dataSource).store(List.of(new HashtagCount("early", T0, T0.plusSeconds(1), 3)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200));
        top = get("/api/tags/top?from=2032-04-05T06:00:00Z&to=2032-04-05T07:00:00Z");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.body()).isEqualTo("[{\"tag\":\"early\",\"display\":\"early\",\"count\":3}]");
    }
}
