package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.tagpulse.web.HttpProbe;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static io.tagpulse.web.HttpProbe.assertNoInternals;
import static io.tagpulse.web.HttpProbe.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's HTTP surface on a real server: with {@code tagpulse.dashboard.api.token} set, the dashboard, its assets and
 * the API (live stream included) need the token, as a bearer token or a browser's Basic password, while actuator
 * stays open; the API's rate limit answers 429 with Retry-After; malformed headers and a direct request for the error
 * path get 4xx answers without internals.
 */
class DashboardHttpHardeningTests {

    @Nested
    @DashboardServerTest({ "spring.datasource.url=jdbc:h2:mem:dashboard-hardening;DB_CLOSE_DELAY=-1",
            "tagpulse.dashboard.api.token=s3cret-4d1e",
            "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
    class Token {

        @Autowired
        private Environment environment;

        @Test
        void shouldRefuseThePageItsAssetsAndTheApiWithoutTheTokenAndAskABrowserForIt() throws Exception {
            for (String path : new String[] { "/", "/index.html", "/dashboard.js", "/api/tags/top", "/api/trends",
                    "/api/stream", "/api/series?tag=a", "/x/../api/trends", "/api/moderation" }) {
                HttpResponse<String> response = get(environment, path);
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().allValues("WWW-Authenticate")).as(path)
                    .anySatisfy(challenge -> assertThat(challenge).startsWith("Basic realm=\"tagpulse\""));
                assertThat(response.body()).as(path).contains("tagpulse.dashboard.api.token")
                    .doesNotContain("s3cret");
            }
        }

        @Test
        void shouldServeABearerTokenOrABasicPassword() throws Exception {
            String basic = "Basic " + Base64.getEncoder()
                .encodeToString("dashboard:s3cret-4d1e".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> api = get(environment, "/api/tags/top", "Authorization", "Bearer s3cret-4d1e");
            HttpResponse<String> page = get(environment, "/", "Authorization", basic);
            HttpResponse<String> wrong = get(environment, "/api/tags/top", "Authorization", "Bearer s3cret-4d1f");

            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("s3cret");
        }

        @Test
        void shouldLeaveHealthAndPrometheusOpenForProbesAndScraping() throws Exception {
            assertThat(get(environment, "/actuator/health").statusCode()).isEqualTo(200);
            assertThat(get(environment, "/actuator/prometheus").statusCode()).isEqualTo(200);
            assertThat(get(environment, "/actuator/env").statusCode()).isEqualTo(404);
        }

        @Test
        void shouldAnswerMalformedMediaTypesAndTheErrorPathWith4xxAndNoInternals() throws Exception {
            String bearer = "Bearer s3cret-4d1e";
            HttpResponse<String> accept = get(environment, "/api/tags/top", "Authorization", bearer, "Accept",
                    "\"application/json");
            HttpResponse<String> contentType = get(environment, "/api/tags/top", "Authorization", bearer,
                    "Content-Type", "\"/!");
            HttpResponse<String> wildcard = get(environment, "/api/tags/top", "Authorization", bearer,
                    "Content-Type", "*/*");
            HttpResponse<String> error = get(environment, "/error", "Authorization", bearer);
            HttpResponse<String> namelessParameter = get(environment, "/api/tags/top?=2030-01-01T00:00:00Z",
                    "Authorization", bearer);

            assertThat(accept.statusCode()).isEqualTo(406);
            assertThat(contentType.statusCode()).isEqualTo(415);
            assertThat(wildcard.statusCode()).isEqualTo(415);
            assertThat(error.statusCode()).isEqualTo(404);
            assertThat(namelessParameter.statusCode()).isEqualTo(400);
            assertThat(namelessParameter.body()).contains("query string");
            for (HttpResponse<String> response : java.util.List.of(accept, contentType, wildcard, error,
                    namelessParameter)) {
                assertNoInternals(response);
                assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
            }
        }
    }

    @Nested
    @DashboardServerTest({ "spring.datasource.url=jdbc:h2:mem:dashboard-limits;DB_CLOSE_DELAY=-1",
            "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
    class RequestSize {

        @Autowired
        private Environment environment;

        @Test
        void shouldRefuseAnOversizedRequestLineAndAnyBodyWithout5xx() throws Exception {
            HttpResponse<String> longQuery = get(environment, "/api/tags/top?from=" + "9".repeat(20_000));
            HttpResponse<String> withBody = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(HttpProbe.baseUrl(environment) + "/api/tags/top"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5_000_000)))
                .build(), HttpResponse.BodyHandlers.ofString());

            // Tomcat refuses a request line and headers over server.max-http-request-header-size (8 KB) itself.
            assertThat(longQuery.statusCode()).isBetween(400, 431);
            assertThat(withBody.statusCode()).isEqualTo(405);
            assertNoInternals(longQuery);
            assertNoInternals(withBody);
        }
    }

    @Nested
    @DashboardServerTest({ "spring.datasource.url=jdbc:h2:mem:dashboard-rate-limit;DB_CLOSE_DELAY=-1",
            "tagpulse.dashboard.api.rate-limit.requests-per-second=0.1",
            "tagpulse.dashboard.api.rate-limit.burst=3" })
    class RateLimited {

        @Autowired
        private Environment environment;

        @Test
        void shouldAnswer429WithRetryAfterOnceABurstIsSpentButLeaveThePageAndActuatorAlone() throws Exception {
            for (int i = 0; i < 3; i++) {
                assertThat(get(environment, "/api/trends").statusCode()).isEqualTo(200);
            }

            HttpResponse<String> limited = get(environment, "/api/tags/top");

            assertThat(limited.statusCode()).isEqualTo(429);
            // One request per 10 s: a slow first request on a loaded machine cannot refill the bucket in time.
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 10L));
            assertThat(limited.body()).contains("tagpulse.dashboard.api.rate-limit");
            assertThat(get(environment, "/").statusCode()).isEqualTo(200);
            assertThat(get(environment, "/actuator/health").statusCode()).isEqualTo(200);
        }
    }
}
