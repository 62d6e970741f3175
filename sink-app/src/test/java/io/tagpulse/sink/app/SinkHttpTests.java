package io.tagpulse.sink.app;

import java.net.http.HttpResponse;
import java.util.List;

import io.tagpulse.web.HttpProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's HTTP surface on a real server: actuator's health, info and prometheus only (the dashboard app serves the
 * data), and malformed requests answered 4xx without internals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.datasource.url=jdbc:h2:mem:sink-http;DB_CLOSE_DELAY=-1", "tagpulse.sink.retention=0" })
@Import(TestChannelBinderConfiguration.class)
class SinkHttpTests {

    @Autowired
    private Environment environment;

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return HttpProbe.get(environment, path, headers);
    }

    @Test
    void shouldServeHealthInfoAndPrometheusOnly() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("tagpulse_sink_counts");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/env", "/", "/index.html", "/api/tags/top", "/api/stream")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            HttpProbe.assertNoInternals(response);
        }
    }

    @Test
    void shouldAnswerMalformedHeadersAndTheErrorPathWith4xxWithoutInternals() throws Exception {
        List<HttpResponse<String>> responses = List.of(get("/actuator/health", "Accept", "\"application/json"),
                get("/actuator/health", "Content-Type", "\"/!"), get("/actuator/health", "Content-Type", "*/*"),
                get("/error"), get("/actuator/health?=x"));

        assertThat(responses).extracting(HttpResponse::statusCode).allSatisfy(status ->
                assertThat(status).isBetween(400, 499));
        responses.forEach(HttpProbe::assertNoInternals);
    }
}
