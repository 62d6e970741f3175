package io.tagpulse.source.app;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP source against bad input and abuse, on a real embedded web server: every bad request gets a 4xx with a
 * reason and no stack trace, nothing of it is published, and the next valid request still goes through; the rate
 * limit answers 429 with Retry-After; only health, info and prometheus are exposed; the token is never logged.
 */
class SourceHttpHardeningTests {

    static final String VALID = "{\"id\":\"ok\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-11-22T10:00:00Z\"}";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(Environment environment, String method, String path, String contentType,
            byte[] body, String authorization) throws Exception {
        URI uri = URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * No answer may reveal the code: no stack frame, no exception or trace attribute, no class of ours, no server
     * version, and no Java type, parser token or setting of the JSON library in a reason. (A reason may quote a
     * parser's message about the text, such as an unexpected character.)
     */
    static void assertNoInternals(HttpResponse<String> response) {
        assertThat(response.body()).as("body of a %d", response.statusCode())
            .doesNotContainPattern("\\.java:\\d+\\)")
            .doesNotContainPattern("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(")
            .doesNotContain("\"trace\"", "\"exception\"", "io.tagpulse", "Tomcat/")
            .doesNotContain("JsonToken", "java.lang", "java.util", "java.time", "tools.jackson", "com.fasterxml",
                    "Feature", "Cannot deserialize", "Cannot construct", "Creator", "Exception");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "tagpulse.source.max-post-size=128KB")
    @Import({ TestChannelBinderConfiguration.class, AckingPostSink.class })
    class BadInput {

        @Autowired
        private Environment environment;

        @Autowired
        private AckingPostSink.Received sink;

        @BeforeEach
        void clear() {
            sink.clear();
        }

        private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
            return send(environment, "POST", "/posts", contentType, body, null);
        }

        private HttpResponse<String> post(String contentType, String body) throws Exception {
            return post(contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        /** A rejected request publishes nothing, and a valid one right after it is published. */
        private void assertRejectedThenValidAccepted(HttpResponse<String> rejected, int status, String reason)
                throws Exception {
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(status);
            assertThat(rejected.body()).contains(reason);
            assertNoInternals(rejected);
            assertThat(sink.posts()).isEmpty();

            HttpResponse<String> valid = post("application/json", VALID);
            assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
            assertThat(sink.posts()).extracting(Post::id).containsExactly("ok");
        }

        @Test
        void shouldRejectMalformedJsonWith400() throws Exception {
            assertRejectedThenValidAccepted(post("application/json", "{\"id\":\"x\","), 400, "unreadable Post");
        }

        @Test
        void shouldRejectInvalidUtf8With400InBothFormats() throws Exception {
            byte[] bad = VALID.replace("#a", "#caf\u00e9").getBytes(StandardCharsets.UTF_8);
            bad[new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;

            assertRejectedThenValidAccepted(post("application/json", bad), 400, "UTF-8");
            sink.clear();
            assertRejectedThenValidAccepted(post(PostController.NDJSON, bad), 400, "UTF-8");
        }

        @Test
        void shouldRejectMissingAndWronglyTypedFieldsWith400NamingThem() throws Exception {
            assertRejectedThenValidAccepted(post("application/json", "{\"id\":\"x\",\"text\":\"#a\"}"), 400,
                    "'createdAt'");
            sink.clear();
            assertRejectedThenValidAccepted(post("application/json", VALID.replace("}", ",\"hashtags\":{}}")), 400,
                    "hashtags");
            sink.clear();
            assertRejectedThenValidAccepted(
                    post("application/json", VALID.replace("\"2026-11-22T10:00:00Z\"", "1764000000")), 400,
                    "createdAt");
        }

        @Test
        void shouldRejectAJsonArrayOfPostsWith400SayingHowToSendSeveral() throws Exception {
            HttpResponse<String> rejected = post("application/json", "[" + VALID + "," + VALID + "]");

            assertRejectedThenValidAccepted(rejected, 400,
                    "expected one post as a JSON object, got a JSON array; to send several posts in one request, "
                            + "use Content-Type application/x-ndjson with one post per line");
        }

        /**
         * Each wrongly typed or non-standard input, said in JSON's terms (what was expected, what came); quotes in a
         * reason are escaped in the JSON answer.
         */
        @Test
        void shouldSayWhatIsWrongInJsonTermsNeverInJavaTypes() throws Exception {
            Map<String, String> reasons = new LinkedHashMap<>();
            reasons.put(VALID.replace("\"ok\"", "[\"ok\"]"), "expected a string, got an array (at field 'id')");
            reasons.put(VALID.replace("\"#a\"", "{}"), "expected a string, got an object (at field 'text')");
            reasons.put(VALID.replace("}", ",\"hashtags\":\"a\"}"),
                    "expected an array, got a string (at field 'hashtags')");
            reasons.put(VALID.replace("}", ",\"hashtags\":[{}]}"),
                    "expected a string, got an object (at field 'hashtags[0]')");
            reasons.put(VALID.replace("}", ",\"version\":\"two\"}"),
                    "expected a whole number, got the string \\\"two\\\" (at field 'version')");
            reasons.put(VALID.replace("}", ",\"version\":true}"), "expected a whole number, got a boolean");
            reasons.put(VALID.replace("}", ",\"version\":99999999999}"),
                    "expected a whole number from -2147483648 to 2147483647, got 99999999999 (at field 'version')");
            reasons.put(VALID.replace("\"2026-11-22T10:00:00Z\"", "\"yesterday\""),
                    "got the string \\\"yesterday\\\" (at field 'createdAt')");
            reasons.put("\"a post\"", "expected a JSON object, got a string");
            reasons.put(VALID + " {}", "more JSON after the end of the record");
            reasons.put("{\"id\":NaN}", "Non-standard token 'NaN'");
            reasons.put("// note\n" + VALID, "Unexpected character ('/' (code 47))");
            for (Map.Entry<String, String> entry : reasons.entrySet()) {
                HttpResponse<String> rejected = post("application/json", entry.getKey());
                assertThat(rejected.statusCode()).as(entry.getKey()).isEqualTo(400);
                assertThat(rejected.body()).as(entry.getKey()).contains(entry.getValue());
                assertNoInternals(rejected);
            }
            assertThat(sink.posts()).isEmpty();
        }

        @Test
        void shouldRejectAVersionBelowOneAndAcceptANewerOne() throws Exception {
            assertRejectedThenValidAccepted(post("application/json", VALID.replace("}", ",\"version\":0}")), 400,
                    "'version' must be at least 1");
            sink.clear();

            HttpResponse<String> newer = post("application/json",
                    VALID.replace("}", ",\"version\":5,\"poll\":{\"options\":[1,2]}}"));

            assertThat(newer.statusCode()).isEqualTo(200);
            assertThat(sink.posts()).singleElement().extracting(Post::version).isEqualTo(5);
        }

        @Test
        void shouldRefuseAPostOverTheMaxPostSizeWith413() throws Exception {
            String big = VALID.replace("#a", "#a " + "x".repeat(200 * 1024));

            assertRejectedThenValidAccepted(post("application/json", big), 413, "tagpulse.source.max-post-size");
            sink.clear();
            assertRejectedThenValidAccepted(post(PostController.NDJSON, VALID + "\n" + big), 413, "line 2");
        }

        /**
         * A 10 MB post is over the request limit: the client gets the 413 or, still sending, sees the connection
         * closed; either way the body is never read past the limit and nothing is published.
         */
        @Test
        void shouldRefuseATenMegabytePostAndPublishNothing() throws Exception {
            byte[] tenMegabytes = VALID.replace("#a", "#a " + "x".repeat(10 * 1024 * 1024))
                .getBytes(StandardCharsets.UTF_8);
            try {
                HttpResponse<String> response = post("application/json", tenMegabytes);
                assertThat(response.statusCode()).isEqualTo(413);
            }
            catch (java.io.IOException closedWhileSending) {
                // Tomcat closes the connection once it has answered and will not swallow the rest of the body.
            }

            assertThat(sink.posts()).isEmpty();
            assertThat(post("application/json", VALID).statusCode()).isEqualTo(200);
        }

        @Test
        void shouldAcceptAPostWithTenThousandHashtagsForTheFilterToDrop() throws Exception {
            String text = IntStream.range(0, 10_000).mapToObj(i -> "#t" + i).collect(Collectors.joining(" "));

            HttpResponse<String> response = post("application/json", VALID.replace("#a", text));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(sink.posts()).singleElement().satisfies(post -> assertThat(post.text()).startsWith("#t0"));
        }

        @Test
        void shouldAcceptAbsurdButWellFormedCreationTimesForTheCounterToJudge() throws Exception {
            String old = VALID.replace("2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z");
            String future = VALID.replace("\"ok\"", "\"later\"").replace("2026-11-22T10:00:00Z", "3000-01-01T00:00:00Z");

            HttpResponse<String> response = post(PostController.NDJSON, old + "\n" + future);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(sink.posts()).extracting(Post::createdAt)
                .containsExactly(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
        }

        @Test
        void shouldAnswerWrongMethodsTypesAndPathsWithoutInternals() throws Exception {
            HttpResponse<String> wrongType = post("text/plain", VALID);
            HttpResponse<String> noType = post(null, VALID);
            HttpResponse<String> wrongMethod = send(environment, "GET", "/posts", null, null, null);
            HttpResponse<String> unknownPath = send(environment, "POST", "/posts/../admin", "application/json",
                    VALID.getBytes(StandardCharsets.UTF_8), null);
            HttpResponse<String> errorPath = send(environment, "GET", "/error", null, null, null);

            assertThat(wrongType.statusCode()).isEqualTo(415);
            assertThat(noType.statusCode()).isEqualTo(415);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(unknownPath.statusCode()).isBetween(400, 499);
            assertThat(errorPath.statusCode()).isEqualTo(404);
            for (HttpResponse<String> response : new HttpResponse[] { wrongType, noType, wrongMethod, unknownPath,
                    errorPath }) {
                assertNoInternals(response);
            }
            assertThat(sink.posts()).isEmpty();
        }

        @Test
        void shouldAnswerAMalformedRequestLineWithoutTheServerVersion() throws Exception {
            int port = Integer.parseInt(environment.getProperty("local.server.port"));
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("POST /po{sts HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.setSoTimeout(5000);
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

                assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("Tomcat/", "Exception", "\tat ");
            }
        }

        @Test
        void shouldExposeOnlyHealthInfoAndPrometheus() throws Exception {
            assertThat(send(environment, "GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
            assertThat(send(environment, "GET", "/actuator/info", null, null, null).statusCode()).isEqualTo(200);
            assertThat(send(environment, "GET", "/actuator/prometheus", null, null, null).statusCode())
                .isEqualTo(200);
            for (String hidden : new String[] { "env", "beans", "configprops", "heapdump", "threaddump", "loggers",
                    "mappings", "metrics", "shutdown" }) {
                HttpResponse<String> response = send(environment, "GET", "/actuator/" + hidden, null, null, null);
                assertThat(response.statusCode()).as(hidden).isEqualTo(404);
                assertNoInternals(response);
            }
            assertThat(send(environment, "GET", "/actuator", null, null, null).body())
                .doesNotContain("/actuator/env", "/actuator/beans");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "tagpulse.source.rate-limit.requests-per-second=0.1",
                    "tagpulse.source.rate-limit.burst=3" })
    @Import({ TestChannelBinderConfiguration.class, AckingPostSink.class })
    class RateLimited {

        @Autowired
        private Environment environment;

        @Test
        void shouldAnswer429WithRetryAfterOnceABurstIsSpentButLeaveActuatorAlone() throws Exception {
            for (int i = 0; i < 3; i++) {
                assertThat(send(environment, "POST", "/posts", "application/json",
                        VALID.getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> limited = send(environment, "POST", "/posts", "application/json",
                    VALID.getBytes(StandardCharsets.UTF_8), null);

            assertThat(limited.statusCode()).isEqualTo(429);
            // One request per 10 s: a slow first request on a loaded machine cannot refill the bucket in time.
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 10L));
            assertThat(limited.body()).contains("too many requests");
            assertThat(send(environment, "GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "tagpulse.source.token=never-logged-7f3a9c", "tagpulse.source.max-request-size=2MB",
                    "logging.level.io.tagpulse=DEBUG", "logging.level.org.springframework.web=DEBUG" })
    @Import({ TestChannelBinderConfiguration.class, AckingPostSink.class })
    class Token {

        @Autowired
        private Environment environment;

        @Test
        void shouldNeverWriteTheTokenToTheLogOrAnAnswer(CapturedOutput log) throws Exception {
            HttpResponse<String> wrong = send(environment, "POST", "/posts", "application/json",
                    VALID.getBytes(StandardCharsets.UTF_8), "Bearer never-logged-7f3a9d");
            HttpResponse<String> right = send(environment, "POST", "/posts", "application/json",
                    VALID.getBytes(StandardCharsets.UTF_8), "Bearer never-logged-7f3a9c");
            HttpResponse<String> badBody = send(environment, "POST", "/posts", "application/json",
                    "{".getBytes(StandardCharsets.UTF_8), "Bearer never-logged-7f3a9c");

            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(badBody.statusCode()).isEqualTo(400);
            for (HttpResponse<String> response : new HttpResponse[] { wrong, right, badBody }) {
                assertThat(response.body()).doesNotContain("never-logged");
            }
            assertThat(log.getAll()).contains("Started").doesNotContain("never-logged-7f3a9c");
        }

        @Test
        void shouldNotLetADotDotPathReachThePostsEndpointWithoutTheToken() throws Exception {
            // Tomcat dispatches /x/../posts to /posts: the check must see that path, not the raw one.
            int port = Integer.parseInt(environment.getProperty("local.server.port"));
            for (String path : new String[] { "/x/../posts", "/./posts", "/posts/./", "//posts" }) {
                try (Socket socket = new Socket("localhost", port)) {
                    byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                    socket.setSoTimeout(5000);
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

                    assertThat(answer).as(path).doesNotStartWith("HTTP/1.1 200").doesNotStartWith("HTTP/1.1 5");
                }
            }
        }
    }
}
