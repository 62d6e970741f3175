package io.tagpulse.dataflow.it;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tagpulse.dataflow.local.DataflowServers;
import io.tagpulse.local.Corpus;
import io.tagpulse.local.KafkaBroker;
import io.tagpulse.local.ManagedProcess;
import io.tagpulse.local.SinkDatabase;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The definitions in dataflow-definitions/ on a real Spring Cloud Data Flow server and Skipper (the versions in the
 * module's pom) over a real Kafka broker, driven only through the Tagpulse CLI as users drive it: apply (after a dry
 * run that must change nothing, and again to prove it idempotent), deploy with the local property file, a fixed corpus
 * posted to the HTTP source, exact counts in the sink's database and the same totals from the dashboard, deployed
 * beside the stream as a tap stream of its own; then the counter scaled to two instances and a second corpus whose
 * counts must be exact too, pushed live by the dashboard from the tapped topic; then undeploy and destroy. Also checks
 * that the server lists each app's own options from the metadata jars, and the per-stream metric tags.
 */
class DataflowServerIT {

    private static final long WINDOW_MILLIS = 1000;

    private static final Duration SLOW = Duration.ofMinutes(8);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> APPS = List.of("source/tagpulse-source", "processor/tagpulse-filter",
            "processor/tagpulse-processor", "processor/tagpulse-counter", "sink/tagpulse-sink",
            "sink/tagpulse-dashboard");

    private static Path home;

    private static Path definitions;

    private static Path workDir;

    private static KafkaBroker broker;

    private static DataflowServers servers;

    /** Every process the test saw: servers, broker and app instances, checked to be gone at the end. */
    private static final Set<Long> PIDS = new LinkedHashSet<>();

    @BeforeAll
    static void startServers() throws IOException {
        home = Path.of(System.getProperty("tagpulse.it.home", "target"));
        definitions = Path.of(System.getProperty("tagpulse.it.definitions", "..")).toAbsolutePath().normalize();
        workDir = Files.createTempDirectory(home, "dataflow-it-");
        broker = KafkaBroker.start(Path.of(System.getProperty("tagpulse.it.brokerLib")), workDir.resolve("kafka"),
                DataflowServers.freePort(), DataflowServers.freePort(), "512m");
        PIDS.add(broker.process().pid());
        broker.awaitReady(Duration.ofMinutes(3));
        servers = DataflowServers.start(home.resolve("servers"), workDir, broker.bootstrapServers(),
                DataflowServers.freePort(), DataflowServers.freePort(), SLOW);
        PIDS.addAll(servers.pids());
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (servers != null) {
                collectAppPids();
                servers.close();
            }
        }
        finally {
            if (broker != null) {
                broker.close();
            }
            // Anything Skipper's deployer did not stop in time is stopped here, and then asserted gone.
            PIDS.forEach(pid -> ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(ex -> process).join();
                process.destroyForcibly();
            }));
        }
        PIDS.forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("process %d stopped", pid)
            .isFalse());
    }

    @Test
    void shouldRunTheHashtagsStreamFromTheDefinitionsAndKeepCountsExactWhenTheCounterScales() throws Exception {
        long started = System.nanoTime();
        // Another registration file only to try other builds of the apps, e.g. -Dtagpulse.it.apps=/tmp/apps.properties.
        String apps = System.getProperty("tagpulse.it.apps", definitions.resolve("apps/local.properties").toString());
        String streams = definitions.resolve("streams").toString();

        // A dry run reads the server and changes nothing.
        CliResult dryRun = cli("--dry-run", "apply", "--apps", apps, "--streams", streams);
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("would register app source/tagpulse-source",
                "would create stream hashtags = ingest: tagpulse-source", "Dry run: nothing changed.");
        assertThat(JSON.readTree(servers.get("/apps")).path("_embedded").path("appRegistrationResourceList").size())
            .isZero();

        CliResult apply = cli("apply", "--apps", apps, "--streams", streams);
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("register app processor/tagpulse-counter",
                "register app sink/tagpulse-dashboard", "create stream hashtags", "create stream dashboard",
                "create stream hourly", "Applied.");
        CliResult again = cli("apply", "--apps", apps, "--streams", streams);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("Nothing to change.");

        // The server reads each app's own options, with descriptions, from its metadata jar: all of them (nested
        // groups included) and nothing else (no Spring Boot, Kafka or actuator properties).
        for (String app : APPS) {
            String stage = app.substring(app.indexOf("tagpulse-") + "tagpulse-".length());
            JsonNode options = JSON.readTree(servers.get("/apps/" + app)).path("options");
            Set<String> listed = new java.util.TreeSet<>();
            for (JsonNode option : options) {
                listed.add(option.path("id").asString());
                assertThat(option.path("description").asString()).as("description of %s", option.path("id"))
                    .isNotBlank();
            }
            assertThat(listed).as("options of %s on the server", app).isEqualTo(ownOptions(stage))
                .allSatisfy(id -> assertThat(id).startsWith("tagpulse." + stage + "."));
        }
        assertThat(JSON.readTree(servers.get("/apps/processor/tagpulse-counter")).findValuesAsString("id"))
            .contains("tagpulse.counter.window-size", "tagpulse.counter.grace", "tagpulse.counter.trend.warm-up",
                    "tagpulse.counter.trend.short-horizon", "tagpulse.counter.trend.block-list");
        assertThat(JSON.readTree(servers.get("/apps/sink/tagpulse-sink")).findValuesAsString("id"))
            .contains("tagpulse.sink.trend-history", "tagpulse.sink.alerts.webhook-url");

        int sourcePort = DataflowServers.freePort();
        int sinkPort = DataflowServers.freePort();
        Path testProperties = workDir.resolve("it-deployment.properties");
        Files.writeString(testProperties, """
                app.ingest.server.port=%d
                app.store.server.port=%d
                app.store.spring.datasource.url=%s
                app.count.tagpulse.counter.window-size=1s
                # Grace above the corpora's span: each corpus is shuffled over 20 s, the disorder within a partition
                # that grace must cover, so every shuffled event is counted.
                app.count.tagpulse.counter.grace=10m
                """.formatted(sourcePort, sinkPort, databaseUrl()));
        CliResult deploy = cli("deploy", "hashtags", "--properties",
                definitions.resolve("deployment/local.properties").toString(), "--properties", testProperties.toString());
        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        awaitStream("hashtags", "deployed");
        collectAppPids();
        assertThat(PIDS).as("broker, servers and five apps").hasSizeGreaterThanOrEqualTo(8);
        awaitHealthy(sourcePort);
        awaitHealthy(sinkPort);

        // The dashboard beside the stream: a tap stream of its own on the counter's output, on the same database.
        int dashboardPort = DataflowServers.freePort();
        Path dashboardProperties = workDir.resolve("it-dashboard.properties");
        Files.writeString(dashboardProperties, """
                app.dashboard.server.port=%d
                app.dashboard.spring.datasource.url=%s;IFEXISTS=TRUE
                """.formatted(dashboardPort, databaseUrl()));
        CliResult deployDashboard = cli("deploy", "dashboard", "--properties",
                definitions.resolve("deployment/dashboard-local.properties").toString(), "--properties",
                dashboardProperties.toString());
        assertThat(deployDashboard.exitCode()).as(deployDashboard.output()).isZero();
        awaitStream("dashboard", "deployed");
        collectAppPids();
        awaitHealthy(dashboardPort);
        long deployedAfter = elapsedSeconds(started);

        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        Corpus first = new Corpus(21, "first-", base, 20_000, 400, WINDOW_MILLIS);
        post(sourcePort, first);
        awaitCounts("counts of the first corpus", first.expectedCounts());

        // Metric tags from the properties Data Flow passes: the stream, the app's label, the instance.
        String metrics = get("http://localhost:" + sourcePort + "/actuator/prometheus");
        assertThat(metrics).contains("stream_name=\"hashtags\"", "application_name=\"ingest\"", "instance_index=\"0\"");
        assertThat(get("http://localhost:" + sinkPort + "/actuator/prometheus")).contains("stream_name=\"hashtags\"",
                "application_name=\"store\"");
        assertThat(get("http://localhost:" + dashboardPort + "/actuator/prometheus")).contains(
                "stream_name=\"dashboard\"", "application_name=\"dashboard\"");
        // The dashboard serves what the store wrote.
        await("the dashboard's totals of the first corpus").atMost(SLOW).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(topTags(dashboardPort, base)).isEqualTo(totals(first.expectedCounts())));
        // And pushes, live, what it reads from the tapped topic itself (its instance in no consumer group).
        List<String> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + dashboardPort + "/api/stream"))
            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
            .thenAccept(response -> response.body().forEach(live::add));
        await("the dashboard's live stream").atMost(SLOW).until(() -> live.contains("event:ready"));

        CliResult scale = cli("scale", "hashtags", "count", "2");
        assertThat(scale.exitCode()).as(scale.output()).isZero();
        await("two counter instances").atMost(SLOW).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(instanceStates("hashtags", "count")).containsExactly("deployed", "deployed"));
        collectAppPids();
        long scaledAfter = elapsedSeconds(started);

        Corpus second = new Corpus(22, "second-", base.plusSeconds(25), 20_000, 400, WINDOW_MILLIS);
        post(sourcePort, second);
        Map<String, Map<Long, Long>> both = Corpus.merge(first, second);
        awaitCounts("counts of both corpora", both);
        Instant secondStart = base.plusSeconds(25);
        await("counts of the second corpus pushed live").atMost(SLOW).untilAsserted(() -> {
            assertThat(live).contains("event:counts");
            assertThat(liveWindowStarts(live)).anyMatch(start -> !start.isBefore(secondStart));
        });
        assertThat(topTags(dashboardPort, base)).isEqualTo(totals(both));

        CliResult status = cli("status", "hashtags");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("hashtags [deployed]", "hashtags.count-v1-1 deployed");

        CliResult undeployDashboard = cli("undeploy", "dashboard");
        assertThat(undeployDashboard.exitCode()).as(undeployDashboard.output()).isZero();
        awaitStream("dashboard", "undeployed");
        CliResult destroyDashboard = cli("destroy", "dashboard");
        assertThat(destroyDashboard.exitCode()).as(destroyDashboard.output()).isZero();
        CliResult undeploy = cli("undeploy", "hashtags");
        assertThat(undeploy.exitCode()).as(undeploy.output()).isZero();
        awaitStream("hashtags", "undeployed");
        CliResult destroy = cli("destroy", "hashtags");
        assertThat(destroy.exitCode()).as(destroy.output()).isZero();
        assertThat(JSON.readTree(servers.get("/streams/definitions")).findValuesAsString("name"))
            .containsExactly("hourly");
        System.out.printf("Data Flow IT: stream deployed after %d s, counter scaled after %d s, done after %d s%n",
                deployedAfter, scaledAfter, elapsedSeconds(started));
    }

    private record CliResult(int exitCode, String output) {
    }

    /** @return the window starts of every count the dashboard's live stream sent */
    private static List<Instant> liveWindowStarts(List<String> lines) {
        List<Instant> starts = new ArrayList<>();
        java.util.regex.Pattern start = java.util.regex.Pattern.compile("\"windowStart\":\"([^\"]+)\"");
        for (String line : lines) {
            java.util.regex.Matcher matcher = start.matcher(line);
            while (matcher.find()) {
                starts.add(Instant.parse(matcher.group(1)));
            }
        }
        return starts;
    }

    /** @return each tag's total over its windows */
    private static Map<String, Long> totals(Map<String, Map<Long, Long>> counts) {
        Map<String, Long> totals = new java.util.TreeMap<>();
        counts.forEach((tag, windows) -> totals.put(tag, windows.values().stream().mapToLong(Long::longValue).sum()));
        return totals;
    }

    /** @return every tag's total from two minutes before the base on, as the dashboard's query API answers it */
    private static Map<String, Long> topTags(int port, Instant base) throws Exception {
        JsonNode top = JSON.readTree(get("http://localhost:" + port + "/api/tags/top?limit=100&from="
                + base.minus(Duration.ofMinutes(2)) + "&to=" + base.plus(Duration.ofMinutes(3))));
        Map<String, Long> totals = new java.util.TreeMap<>();
        top.forEach(entry -> totals.put(entry.path("tag").asString(), entry.path("count").asLong()));
        return totals;
    }

    /** Runs the CLI's runnable jar in a JVM of its own, as a user would. */
    private static CliResult cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("tagpulse.it.cli"),
                "--dataflow-uri", servers.uri()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the CLI finished").isTrue();
        System.out.println("$ tagpulse-dataflow " + String.join(" ", args) + "\n" + output);
        return new CliResult(process.exitValue(), output);
    }

    /**
     * Waits for the database to hold exactly the expected counts; on a timeout, fails with a summary of the difference
     * and where the records stopped (topic offsets, consumer group lags, the apps' warnings and errors).
     */
    private static void awaitCounts(String alias, Map<String, Map<Long, Long>> expected) {
        try {
            await(alias).atMost(SLOW).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(countsInDatabase()).isEqualTo(expected));
        }
        catch (ConditionTimeoutException ex) {
            String stored;
            try {
                stored = difference(expected, countsInDatabase());
            }
            catch (Exception readFailure) {
                stored = "database unreadable: " + readFailure;
            }
            String diagnostics = PipelineDiagnostics.describe(PIDS, broker.bootstrapServers(), "hashtags.",
                    workDir.resolve("apps"));
            System.out.println(alias + " not reached: " + stored + "\n" + diagnostics);
            throw new AssertionError(alias + " not reached within " + SLOW + ": " + stored + "\n" + diagnostics, ex);
        }
    }

    private static String difference(Map<String, Map<Long, Long>> expected, Map<String, Map<Long, Long>> actual) {
        long expectedTotal = expected.values().stream().flatMap(windows -> windows.values().stream())
            .mapToLong(Long::longValue).sum();
        long actualTotal = actual.values().stream().flatMap(windows -> windows.values().stream())
            .mapToLong(Long::longValue).sum();
        long wrongWindows = expected.entrySet().stream().flatMap(tag -> tag.getValue().entrySet().stream()
            .filter(window -> !window.getValue().equals(actual.getOrDefault(tag.getKey(), Map.of()).get(window.getKey()))))
            .count();
        return "mentions expected " + expectedTotal + ", stored " + actualTotal + "; " + wrongWindows
                + " windows differ";
    }

    private static void awaitStream(String name, String status) {
        await("stream " + name + " " + status).atMost(SLOW).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(JSON.readTree(servers.get("/streams/definitions/" + name))
                .path("status").asString()).isEqualTo(status));
    }

    private static List<String> instanceStates(String stream, String label) throws Exception {
        List<String> states = new ArrayList<>();
        for (JsonNode app : apps(stream)) {
            if (app.path("name").asString().equals(label)) {
                app.path("instances").path("_embedded").path("appInstanceStatusResourceList")
                    .forEach(instance -> states.add(instance.path("state").asString()));
            }
        }
        return states;
    }

    private static List<JsonNode> apps(String stream) throws Exception {
        List<JsonNode> apps = new ArrayList<>();
        JsonNode streams = JSON.readTree(servers.get("/runtime/streams?names=" + stream)).path("_embedded")
            .path("streamStatusResourceList");
        streams.forEach(entry -> entry.path("applications").path("_embedded").path("appStatusResourceList")
            .forEach(apps::add));
        return apps;
    }

    /** Remembers every app instance Skipper started (its local deployer's children), to check none is left. */
    private static void collectAppPids() {
        ProcessHandle.of(servers.skipperPid())
            .ifPresent(skipper -> skipper.descendants().forEach(app -> PIDS.add(app.pid())));
    }

    private static void awaitHealthy(int port) {
        await("app on port " + port + " healthy").atMost(SLOW).pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static void post(int port, Corpus corpus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/posts"))
            .header("Content-Type", "application/x-ndjson")
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofString(corpus.ndjson()))
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":" + corpus.size());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** @return the names of the options an app declares, from its build's configuration metadata */
    private static Set<String> ownOptions(String stage) throws IOException {
        Path jar = definitions.resolve("../" + stage + "-app/target/" + stage + "-app-"
                + System.getProperty("tagpulse.it.version") + "-metadata.jar");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            JsonNode metadata = JSON.readTree(zip.getInputStream(zip.getEntry("META-INF/spring-configuration-metadata.json")));
            Set<String> names = new java.util.TreeSet<>();
            metadata.path("properties").forEach(property -> names.add(property.path("name").asString()));
            return names;
        }
    }

    private static String databaseUrl() {
        return "jdbc:h2:file:" + workDir.resolve("sink-db/tagpulse").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    private static Map<String, Map<Long, Long>> countsInDatabase() throws Exception {
        return SinkDatabase.counts(databaseUrl(), WINDOW_MILLIS);
    }

    private static long elapsedSeconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
}
