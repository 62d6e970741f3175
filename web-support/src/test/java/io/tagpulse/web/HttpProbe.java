package io.tagpulse.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of the apps' hardening tests, shared through this module's test jar: requests to an app's real server
 * (started on a random port) and the check that an answer gives nothing of the app's internals away.
 */
public final class HttpProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpProbe() {
    }

    /**
     * @param environment the environment of an app started on a random port
     * @return the app's base URL, {@code http://localhost:<port>}
     */
    public static String baseUrl(Environment environment) {
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    /**
     * @param environment the environment of an app started on a random port
     * @param path the path and query to GET
     * @param headers header names and values, alternating
     * @return the answer, within 10 s
     */
    public static HttpResponse<String> get(Environment environment, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(environment) + path))
            .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** No stack frame, exception or trace attribute, class of ours or server version in an answer. */
    public static void assertNoInternals(HttpResponse<String> response) {
        assertThat(response.body()).as("body of a %d", response.statusCode())
            .doesNotContainPattern("\\.java:\\d+\\)")
            .doesNotContainPattern("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(")
            .doesNotContain("\"trace\"", "\"exception\"", "io.tagpulse", "Tomcat/");
    }
}
