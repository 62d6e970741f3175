package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.TagpulseJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker killed (SIGKILL) under a running source (Kafka binder) and filter (Kafka Streams binder), as separate
 * processes: health answers within seconds and names the binders DOWN, the source stops being ready (so a load
 * balancer stops sending it posts) but stays live (a broker outage is no reason to restart it), and a post gets a 503
 * within seconds instead of a minute. With the broker back, both are healthy again and posts are accepted.
 */
@Timeout(600)
class BrokerOutageIT {

    /** What "answers fast" means here: the binders wait 2 s for the broker, the rest is a loaded 2-core machine. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path home;

    private static Path workDir;

    private static Map<String, Integer> ports;

    private static KafkaBroker broker;

    private static final List<PipelineApp> APPS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        home = Path.of(System.getProperty("tagpulse.local.home", "target"));
        workDir = Files.createTempDirectory(home, "broker-outage-");
        ports = LocalPipeline.Options.defaults(home, workDir).withFreePorts().ports();
        broker = startBroker();
        LocalPipeline.Options defaults = LocalPipeline.Options.defaults(home, workDir);
        List<String> common = List.of("--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--spring.cloud.stream.kafka.streams.binder.brokers=" + broker.bootstrapServers());
        APPS.add(PipelineApp.start("source-app", home.resolve("apps/source-app.jar"), ports.get("source"),
                defaults.jvmOptions("source"),
                common, workDir, workDir.resolve("logs/source-app.log")));
        List<String> filter = new ArrayList<>(common);
        filter.add("--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + workDir.toAbsolutePath()
            .resolve("filter-state"));
        APPS.add(PipelineApp.start("filter-app", home.resolve("apps/filter-app.jar"), ports.get("filter"),
                defaults.jvmOptions("filter"),
                filter, workDir, workDir.resolve("logs/filter-app.log")));
        for (PipelineApp app : APPS) {
            app.awaitHealthy(Duration.ofMinutes(3));
        }
    }

    private static KafkaBroker startBroker() {
        KafkaBroker started = KafkaBroker.start(home.resolve("broker-lib"), workDir.resolve("kafka"),
                ports.get("kafka"), ports.get("kafka-controller"), "256m");
        started.awaitReady(Duration.ofMinutes(2));
        return started;
    }

    @AfterAll
    static void stop() {
        List<ManagedProcess> apps = APPS.stream().map(PipelineApp::process).toList();
        if (broker != null) {
            LocalPipeline.stopAppsThenBroker(apps, broker.process(), Duration.ofSeconds(20));
        }
        else {
            ManagedProcess.stopAll(apps, Duration.ofSeconds(20));
        }
    }

    private record Answer(int status, String body, Duration took) {

        String at(String pointer) {
            return TagpulseJson.mapper().readTree(body).at(pointer).asString("");
        }
    }

    private static Answer get(String app, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(app) + path)).GET());
    }

    private static Answer post(String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url("source") + "/posts"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Answer send(HttpRequest.Builder request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static String url(String app) {
        return "http://localhost:" + ports.get(app);
    }

    private static String post(String id) {
        return "{\"id\":\"" + id + "\",\"platform\":\"it\",\"text\":\"#outage\",\"createdAt\":\"2026-11-22T10:00:00Z\"}";
    }

    @Test
    void shouldSayTheBrokerIsDownWithinSecondsStopTakingPostsAndRecover() throws Exception {
        // Before: healthy, ready, and the source's producer knows the topic (as it does while posts flow).
        assertThat(post("application/json", post("before")).status()).isEqualTo(200);
        for (String app : List.of("source", "filter")) {
            Answer health = get(app, "/actuator/health");
            assertThat(health.at("/components/binders/status")).as(app + " " + health.body()).isEqualTo("UP");
        }
        assertThat(get("source", "/actuator/health/readiness").status()).isEqualTo(200);

        broker.process().kill();

        for (String app : List.of("source", "filter")) {
            // Each call answers fast; the first may still see the broker's last metadata.
            await(app + " health DOWN").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Answer health = get(app, "/actuator/health");
                assertThat(health.took()).as(app + " health took").isLessThan(FAST);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.at("/components/binders/status")).as(health.body()).isEqualTo("DOWN");
            });
            Answer liveness = get(app, "/actuator/health/liveness");
            assertThat(liveness.status()).as(app + " liveness " + liveness.body()).isEqualTo(200);
            assertThat(liveness.took()).isLessThan(FAST);
        }
        Answer readiness = get("source", "/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.took()).isLessThan(FAST);

        Answer one = post("application/json", post("during"));
        assertThat(one.status()).as(one.body()).isEqualTo(503);
        assertThat(one.body()).contains("Kafka did not acknowledge every post: the broker could not be reached",
                "resend the request");
        assertThat(one.took()).as("POST answered in").isLessThan(Duration.ofSeconds(8));
        String batch = IntStream.range(0, 200).mapToObj(i -> post("during-" + i)).collect(Collectors.joining("\n"));
        Answer many = post("application/x-ndjson", batch);
        assertThat(many.status()).as(many.body()).isEqualTo(503);
        assertThat(many.took()).as("batch POST answered in").isLessThan(Duration.ofSeconds(8));
        System.out.printf("Broker down: health %s, readiness %s, POST 503 in %s, batch of 200 in %s: %s%n",
                get("source", "/actuator/health").took(), readiness.took(), one.took(), many.took(), many.body());

        broker = startBroker();

        await("healthy again").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            for (String app : List.of("source", "filter")) {
                Answer health = get(app, "/actuator/health");
                assertThat(health.status()).as(app + " " + health.body()).isEqualTo(200);
                assertThat(health.at("/components/binders/status")).isEqualTo("UP");
            }
            assertThat(get("source", "/actuator/health/readiness").status()).isEqualTo(200);
        });
        await("posts accepted again").atMost(Duration.ofMinutes(1))
            .untilAsserted(() -> assertThat(post("application/json", post("after")).status()).isEqualTo(200));
    }
}
