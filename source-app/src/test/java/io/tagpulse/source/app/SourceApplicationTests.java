package io.tagpulse.source.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.generator.Surge;
import io.tagpulse.source.generator.SurgeSchedule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SourceApplicationTests {

    /** @return the app's answer to a request to {@code path}, built further by {@code request} */
    private static HttpResponse<String> send(Environment environment, String path,
            UnaryOperator<HttpRequest.Builder> request) throws Exception {
        URI uri = URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
        return HttpClient.newHttpClient().send(request.apply(HttpRequest.newBuilder(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Environment environment, String path) throws Exception {
        return send(environment, path, request -> request);
    }

    /** POSTs {@code body} to /posts, with an Authorization header unless {@code authorization} is null. */
    private static HttpResponse<String> postTo(Environment environment, String contentType, String authorization,
            String body) throws Exception {
        return send(environment, "/posts", request -> {
            request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
            return authorization == null ? request : request.header("Authorization", authorization);
        });
    }

    private static final String OUT = "tagpulse.posts";

    private static Post receive(OutputDestination output) {
        Message<byte[]> message = output.receive(10_000, OUT);
        assertThat(message).as("a post on " + OUT).isNotNull();
        Post post = TagpulseJson.readPost(message.getPayload());
        assertThat(message.getHeaders().get(KafkaHeaders.KEY)).isEqualTo(post.id().getBytes(StandardCharsets.UTF_8));
        assertThat(message.getHeaders()).isNotNull();
        return post;
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "tagpulse.source.mode=generator", "tagpulse.source.generator.rate=0",
                    "tagpulse.source.generator.seed=5" })
    @Import(TestChannelBinderConfiguration.class)
    class Generator {

        @Autowired
        private OutputDestination output;

        @Autowired
        private PostSourceLifecycle source;

        @Autowired
        private SourceProperties properties;

        @Autowired
        private Environment environment;

        @Test
        void shouldServeThePlanTheSeedAndTheStartDetermine() throws Exception {
            HttpResponse<String> all = get(environment, "/generator/schedule");
            assertThat(all.statusCode()).isEqualTo(200);
            Matcher started = Pattern.compile("\"seed\":5,\"start\":\"([^\"]+)\"").matcher(all.body());
            assertThat(started.find()).as(all.body()).isTrue();
            Instant start = Instant.parse(started.group(1));
            Instant hour = start.plus(Duration.ofHours(1));

            // The same plan computed apart, from the seed and the start alone.
            HttpResponse<String> firstHour = get(environment, "/generator/schedule?from=" + start + "&to=" + hour);
            List<Surge> planned = new SurgeSchedule(properties.generator(), 5, start).between(start, hour);
            assertThat(planned).extracting(Surge::kind).contains(Surge.Kind.SURGE, Surge.Kind.NEW_TAG,
                    Surge.Kind.SPAM, Surge.Kind.SLOW_RISE);
            for (Surge surge : planned) {
                assertThat(firstHour.body()).contains("{\"kind\":\"" + surge.kind() + "\",\"tag\":\"" + surge.tag()
                        + "\",\"scope\":\"" + surge.scope() + "\",\"start\":\"" + surge.start() + "\"");
            }
            assertThat(Pattern.compile("\"kind\":").matcher(firstHour.body()).results().count())
                .isEqualTo(planned.size());
            assertThat(get(environment, "/generator/schedule?from=" + hour + "&to=" + start).statusCode())
                .isEqualTo(400);
            assertThat(get(environment, "/generator/schedule?from=yesterday").statusCode()).isEqualTo(400);
            assertThat(get(environment, "/generator/schedule?to=" + start.plus(Duration.ofDays(2))).statusCode())
                .isEqualTo(400);
        }

        @Test
        void shouldPublishGeneratedPostsKeyedById() {
            for (int i = 0; i < 20; i++) {
                Post post = receive(output);
                assertThat(post.platform()).isIn("bluesky", "mastodon", "x");
                assertThat(post.author()).isNotBlank();
                assertThat(post.text()).contains("#");
            }
            assertThat(source.source().name()).isEqualTo("generator");
            assertThat(source.health().getStatus()).isEqualTo(Status.UP);
            assertThat(source.health().getDetails()).containsEntry("state", PostSource.State.RUNNING);
        }
    }

    @Nested
    @SpringBootTest(properties = { "tagpulse.source.mode=replay", "tagpulse.source.replay.rate=0",
            "tagpulse.source.replay.shift-to-now=false" })
    @Import(TestChannelBinderConfiguration.class)
    class Replay {

        static Path file;

        @DynamicPropertySource
        static void replayFile(DynamicPropertyRegistry registry) throws IOException {
            file = Files.createTempFile("replay", ".ndjson");
            Files.writeString(file, """
                    {"id":"r1","platform":"t","text":"#a","createdAt":"2026-01-01T00:00:00Z"}
                    this line is broken
                    {"id":"r2","platform":"t","text":"#b","createdAt":"2026-01-01T00:00:05Z"}
                    """);
            registry.add("tagpulse.source.replay.file", file::toString);
        }

        @Autowired
        private OutputDestination output;

        @Autowired
        private PostSourceLifecycle source;

        @Autowired
        private MeterRegistry registry;

        @Test
        void shouldReplayFileInOrderKeepingEventTimesAndSkippingBadLines() {
            Post first = receive(output);
            Post second = receive(output);

            assertThat(first.id()).isEqualTo("r1");
            assertThat(first.createdAt()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(second.id()).isEqualTo("r2");
            assertThat(output.receive(300, OUT)).isNull();
            assertThat(registry.counter("tagpulse.source.replay.invalid-lines").count()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5))
                .until(() -> source.source().status().state() == PostSource.State.FINISHED);
            assertThat(source.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "tagpulse.source.ack-timeout=500ms")
    @Import(TestChannelBinderConfiguration.class)
    class Http {

        @Autowired
        private Environment environment;

        @Autowired
        private OutputDestination output;

        private HttpResponse<String> post(String contentType, String body) throws Exception {
            return postTo(environment, contentType, null, body);
        }

        @Test
        void shouldRejectBatchNamingTheBadLineAndSendNothing() throws Exception {
            HttpResponse<String> response = post(PostController.NDJSON, """
                    {"id":"h1","platform":"t","text":"#a","createdAt":"2026-01-01T00:00:00Z"}
                    {"id":"h2","platform":"t","text":"#a"}
                    """);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("line 2").contains("'createdAt'").doesNotContain("Exception");
            assertThat(output.receive(300, OUT)).isNull();
        }

        @Test
        void shouldHaveNoGeneratorScheduleOutsideGeneratorMode() throws Exception {
            assertThat(get(environment, "/generator/schedule").statusCode()).isEqualTo(404);
        }

        @Test
        void shouldHaveNoSourceBesidesTheEndpointAndSaySoInHealth() throws Exception {
            HttpResponse<String> response = get(environment, "/actuator/health");

            assertThat(response.body()).contains("\"source\":{\"status\":\"UP\"}");
        }

        @Test
        void shouldRejectSinglePostWithReason() throws Exception {
            HttpResponse<String> response = post("application/json", "{\"id\":");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("unreadable Post");
        }

        @Test
        void shouldNotAnswerOkWithoutKafkaAcknowledgement() throws Exception {
            // The test binder acknowledges nothing: the post is handed over but the answer must not be 200.
            HttpResponse<String> response = post("application/json",
                    "{\"id\":\"h3\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-01-01T00:00:00Z\"}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("did not acknowledge");
            assertThat(receive(output).id()).isEqualTo("h3");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "tagpulse.source.token=s3cret", "tagpulse.source.max-request-size=1KB",
                    "tagpulse.source.ack-timeout=500ms" })
    @Import(TestChannelBinderConfiguration.class)
    class SecuredHttp {

        private static final String POST = "{\"id\":\"s1\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-01-01T00:00:00Z\"}";

        @Autowired
        private Environment environment;

        @Autowired
        private OutputDestination output;

        private HttpResponse<String> post(String authorization, String body) throws Exception {
            return postTo(environment, "application/json", authorization, body);
        }

        @Test
        void shouldRefuseRequestsWithoutTheRightTokenAndSendNothing() throws Exception {
            HttpResponse<String> none = post(null, POST);
            HttpResponse<String> wrong = post("Bearer guess", POST);

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("not valid").doesNotContain("s3cret");
            assertThat(output.receive(300, OUT)).isNull();
        }

        @Test
        void shouldLetTheRightTokenThrough() throws Exception {
            HttpResponse<String> response = post("Bearer s3cret", POST);

            // Past authentication: handed to the binder (which acknowledges nothing in tests, hence 503).
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(receive(output).id()).isEqualTo("s1");
        }

        @Test
        void shouldRefuseBodiesOverTheSizeLimit() throws Exception {
            HttpResponse<String> response = post("Bearer s3cret", POST + " ".repeat(2048));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("tagpulse.source.max-request-size");
            assertThat(output.receive(300, OUT)).isNull();
        }
    }
}
