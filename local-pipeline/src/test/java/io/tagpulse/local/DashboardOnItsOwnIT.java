package io.tagpulse.local;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof of the read-side split: a sink-app writes counts to PostgreSQL, and two dashboard-app replicas, each
 * started on its own (their own JVMs, ports and connection pools, no setting or process shared with the sink but the
 * database and the broker), serve those counts through {@code /api} and push live updates they read from the counts
 * topic themselves. The counts are written as the counter writes them (keyed by tag, in Kafka transactions) to every
 * partition of the topic: each replica's live stream must carry every one of them, so any replica can serve any
 * browser. Runs the apps' jars as processes, over a real broker (local-pipeline's launcher) and a real PostgreSQL
 * (TestPostgres).
 */
class DashboardOnItsOwnIT {

    private static final int PARTITIONS = 4;

    private static final Duration WAIT = Duration.ofMinutes(2);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Pattern TOP_ENTRY = Pattern.compile(
            "\\{\"tag\":\"([^\"]+)\",\"display\":\"[^\"]*\",\"count\":(\\d+)}");

    private static final Pattern LIVE_CHANGE = Pattern.compile("\\{\"tag\":\"([^\"]+)\",\"display\":\"[^\"]*\","
            + "\"windowStart\":\"[^\"]+\",\"windowEnd\":\"[^\"]+\",\"count\":(\\d+)}");

    private static TestPostgres postgres;

    private static KafkaBroker broker;

    private static String databaseUrl;

    private static LocalPipeline.Options options;

    private static final List<PipelineApp> APPS = new ArrayList<>();

    private static KafkaProducer<String, String> producer;

    /** A minute ago, on a whole second: the windows of the counts written. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(60);

    @BeforeAll
    static void startTheBrokerTheDatabaseAndTheSink() throws Exception {
        Path home = Path.of(System.getProperty("tagpulse.local.home", "target"));
        Path workDir = Files.createTempDirectory(home, "dashboard-alone-");
        options = LocalPipeline.Options.defaults(home, workDir).withFreePorts();
        postgres = TestPostgres.start(false);
        databaseUrl = postgres.createDatabase();
        broker = KafkaBroker.start(home.resolve("broker-lib"), workDir.resolve("kafka"), options.ports().get("kafka"),
                options.ports().get("kafka-controller"), options.brokerHeap());
        broker.awaitReady(options.startupTimeout());
        // The counter's topics, with their partitions, as the counter's binder would create them.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.HASHTAG_COUNTS, PARTITIONS, (short) 1),
                    new NewTopic(Topics.TRENDS, PARTITIONS, (short) 1),
                    new NewTopic(Topics.TREND_MODERATION, PARTITIONS, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-alone-" + System.nanoTime());
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        producer.initTransactions();

        PipelineApp sink = start("sink", options.ports().get("sink"), "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=tagpulse", "--spring.datasource.password=");
        sink.awaitHealthy(options.startupTimeout());
    }

    @AfterAll
    static void stopEverything() {
        if (producer != null) {
            producer.close();
        }
        ManagedProcess.stopAll(APPS.stream().map(PipelineApp::process).toList(), ManagedProcess.STOP_TIMEOUT);
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static PipelineApp start(String app, int port, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--spring.cloud.stream.kafka.binder.brokers="
                + broker.bootstrapServers()));
        args.addAll(List.of(arguments));
        String name = app + "-app" + (app.equals("dashboard") ? "-" + port : "");
        PipelineApp started = PipelineApp.start(name, options.home().resolve("apps").resolve(app + "-app.jar"), port,
                options.jvmOptions(app), args, options.workDir(),
                options.workDir().resolve("logs").resolve(name + ".log"));
        APPS.add(started);
        return started;
    }

    /**
     * A dashboard replica of its own: its port, the database read only (PostgreSQL enforces it with readOnlyMode),
     * the broker; nothing of the sink's.
     */
    private static PipelineApp startDashboard() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return start("dashboard", socket.getLocalPort(), "--spring.datasource.url=" + databaseUrl
                    + "&readOnlyMode=always", "--spring.datasource.username=tagpulse", "--spring.datasource.password=");
        }
    }

    /** Writes the counts as the counter does: keyed by tag, to the partitions given, in one transaction. */
    private static void writeCounts(List<HashtagCount> counts) {
        producer.beginTransaction();
        for (int i = 0; i < counts.size(); i++) {
            HashtagCount count = counts.get(i);
            producer.send(new ProducerRecord<>(Topics.HASHTAG_COUNTS, i % PARTITIONS, count.tag(),
                    TagpulseJson.writeString(count)));
        }
        producer.commitTransaction();
    }

    /** @return one count per tag, in windows after {@code T0}, the tags spread over every partition */
    private static List<HashtagCount> counts(String prefix, int tags, int second, int base) {
        List<HashtagCount> counts = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            Instant start = T0.plusSeconds(second);
            counts.add(new HashtagCount(prefix + i, start, start.plusSeconds(1), base + i, null));
        }
        return counts;
    }

    private static Map<String, Long> stored(String prefix) throws Exception {
        Map<String, Long> stored = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tag, mention_count FROM hashtag_counts WHERE tag LIKE ? AND window_size_ms = 1000")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.merge(rows.getString(1), rows.getLong(2), Long::sum);
                }
            }
        }
        return stored;
    }

    private static HttpResponse<String> get(PipelineApp app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> topTags(PipelineApp dashboard, String prefix) throws Exception {
        HttpResponse<String> response = get(dashboard, "/api/tags/top?limit=100&from=" + T0.minusSeconds(60) + "&to="
                + T0.plusSeconds(120));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Long> totals = new TreeMap<>();
        Matcher entry = TOP_ENTRY.matcher(response.body());
        while (entry.find()) {
            if (entry.group(1).startsWith(prefix)) {
                totals.put(entry.group(1), Long.parseLong(entry.group(2)));
            }
        }
        return totals;
    }

    private static Map<String, Long> expected(List<HashtagCount> counts) {
        Map<String, Long> expected = new TreeMap<>();
        counts.forEach(count -> expected.merge(count.tag(), count.count(), Long::sum));
        return expected;
    }

    /** A live-stream client: the lines of /api/stream as they arrive. */
    private static final class LiveClient {

        final List<String> lines = new CopyOnWriteArrayList<>();

        LiveClient(PipelineApp dashboard) {
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(dashboard.url("/api/stream")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    try (Stream<String> body = response.body()) {
                        body.forEach(lines::add);
                    }
                });
        }

        /** @return the latest count of each tag with the prefix, over every counts event received */
        Map<String, Long> latest(String prefix) {
            Map<String, Long> latest = new TreeMap<>();
            for (String line : lines) {
                Matcher change = LIVE_CHANGE.matcher(line);
                while (change.find()) {
                    if (change.group(1).startsWith(prefix)) {
                        latest.put(change.group(1), Long.parseLong(change.group(2)));
                    }
                }
            }
            return latest;
        }
    }

    @Test
    void shouldServeWhatASinkItIsNotPartOfStoredAndPushWhatItReadsItselfFromEveryPartition() throws Exception {
        // 1. The sink stores counts before any dashboard exists.
        List<HashtagCount> before = counts("before", 12, 0, 10);
        writeCounts(before);
        await("the sink stored the counts").atMost(WAIT).untilAsserted(() ->
                assertThat(stored("before")).isEqualTo(expected(before)));
        assertThat(get(APPS.get(0), "/api/tags/top").statusCode()).as("the sink serves no API").isEqualTo(404);

        // 2. Two dashboard replicas, started on their own, serve them from the database.
        PipelineApp first = startDashboard();
        PipelineApp second = startDashboard();
        first.awaitHealthy(options.startupTimeout());
        second.awaitHealthy(options.startupTimeout());
        assertThat(topTags(first, "before")).isEqualTo(expected(before));
        assertThat(topTags(second, "before")).isEqualTo(expected(before));

        // 3. Each pushes, live, what it reads from the counts topic: every partition's counts. A follower starts at
        // the end of the topic once assigned, so probes go out until both streams carry one.
        LiveClient firstClient = new LiveClient(first);
        LiveClient secondClient = new LiveClient(second);
        await("both replicas follow the topic").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            writeCounts(counts("probe", 1, 1, 1));
            assertThat(firstClient.latest("probe")).isNotEmpty();
            assertThat(secondClient.latest("probe")).isNotEmpty();
        });
        List<HashtagCount> live = new ArrayList<>(counts("live", 40, 2, 100));
        writeCounts(live);
        List<HashtagCount> later = counts("live", 40, 2, 200); // new running totals of the same windows
        writeCounts(later);

        await("every partition's counts pushed by both replicas").atMost(WAIT).untilAsserted(() -> {
            assertThat(firstClient.latest("live")).isEqualTo(expected(later));
            assertThat(secondClient.latest("live")).isEqualTo(expected(later));
        });
        // And the sink stored them, which both replicas then serve.
        await("the new counts served").atMost(WAIT).untilAsserted(() -> {
            assertThat(stored("live")).isEqualTo(expected(later));
            assertThat(topTags(first, "live")).isEqualTo(expected(later));
            assertThat(topTags(second, "live")).isEqualTo(expected(later));
        });
    }
}
