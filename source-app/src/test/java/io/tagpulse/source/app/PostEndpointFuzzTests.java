package io.tagpulse.source.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@code POST /posts} on the running app (embedded web server, the app's filters and error handling; Kafka
 * replaced by a sink that acknowledges at once): for arbitrary bodies, content types, methods and paths it never
 * answers 5xx, never shows a stack trace or an exception, and a request it accepts was a valid post. It found three
 * 500s, all fixed: a direct request for the error path, a media type that opens with a quote, and an Accept header
 * with a charset other than UTF-8 (the answer could not be written, after the posts were sent). Bounded in
 * tries, so the class runs in seconds.
 */
class PostEndpointFuzzTests {

    private static final String VALID = SourceHttpHardeningTests.VALID;

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-ndjson",
            "application/json;charset=UTF-8", "application/json; charset=ISO-8859-1", "application/x-ndjson;q=0.5",
            "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "*/*", "application/*", "a/b/c", ";;;", "application/json;charset=nope", "application",
            // Spring Framework 7.0.8 threw StringIndexOutOfBoundsException (a 500) for a type opening with a quote.
            "\"/!", "\"application/json", "\"\"/x");

    private static ConfigurableApplicationContext app;

    private static HttpClient http;

    private static String base;

    @BeforeContainer
    static void start() {
        app = new SpringApplicationBuilder(SourceApplication.class, TestChannelBinderConfiguration.class,
                AckingPostSink.class).run("--server.port=0", "--tagpulse.source.max-request-size=64KB",
                        "--tagpulse.source.max-post-size=16KB", "--tagpulse.source.rate-limit.requests-per-second=0",
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Property(tries = 400)
    void shouldNeverFailOrRevealInternalsOnArbitraryBodies(@ForAll("bodies") byte[] body,
            @ForAll("contentTypes") String contentType, @ForAll("contentTypes") String accept) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/posts"))
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertSafe(response);
        if (response.statusCode() == 200) {
            assertThat(response.body()).startsWith("{\"accepted\":");
        }
    }

    @Property(tries = 200)
    void shouldNeverFailOrRevealInternalsOnOddMethodsAndPaths(@ForAll("methods") String method,
            @ForAll("paths") String path, @ForAll("bodies") byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertSafe(response);
    }

    private static void assertSafe(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        SourceHttpHardeningTests.assertNoInternals(response);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of(CONTENT_TYPES),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40)
                    .filter(value -> !value.isBlank()));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("POST", "PUT", "PATCH", "DELETE", "GET", "OPTIONS", "FOO");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.of("/posts", "/posts/", "/posts/1", "/posts?x=%00", "/posts;a=b",
                "/posts/..;/actuator/env", "/posts/%2e%2e/actuator/env", "//posts", "/error", "/actuator/env",
                "/actuator/heapdump", "/posts%20"),
                Arbitraries.strings().withChars("abc/._-~").ofMaxLength(20).map(tail -> "/posts/" + tail));
    }

    /** Valid posts, batches, mutations of them (bytes flipped or cut), JSON-like noise and raw bytes. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> valid = Arbitraries.of(VALID, VALID + "\n" + VALID.replace("\"ok\"", "\"ok2\""),
                VALID.replace("}", ",\"version\":9,\"x\":[1,{\"y\":null}]}"))
            .map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes(), Arbitraries.of(true, false))
            .as((bytes, where, value, flip) -> {
                byte[] copy = bytes.clone();
                int at = where % copy.length;
                if (flip) {
                    copy[at] = value;
                    return copy;
                }
                return java.util.Arrays.copyOf(copy, at);
            });
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,.-+0123456789eEtrufalsnid \\\n\r\t")
            .ofMaxLength(300)
            .map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
        Arbitrary<byte[]> large = Arbitraries.integers().between(16 * 1024, 70 * 1024)
            .map(size -> VALID.replace("#a", "#a " + "x".repeat(size)).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(5, mutated),
                net.jqwik.api.Tuple.of(3, jsonish), net.jqwik.api.Tuple.of(3, raw), net.jqwik.api.Tuple.of(1, large));
    }
}
