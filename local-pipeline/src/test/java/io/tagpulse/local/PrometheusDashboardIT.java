package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's Grafana dashboard and alert rules against a real Prometheus (Debian's {@code prometheus} binary)
 * scraping the local pipeline: the six apps, plus a second source following a local Mastodon instance's stream (so
 * the live-connector metrics exist), and unreadable posts the filter dead-letters. Once the sink has stored counts
 * (the pipeline moved), every query of every dashboard panel must return data, and every alert rule must evaluate
 * without error over metrics that exist; the dead letters then make their alert pending, and so does the Mastodon
 * server's end for the disconnected-source alert (pending: their {@code for} is minutes).
 */
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusDashboardIT {

    /** Also each scrape's timeout: on a loaded machine an app's metrics can take seconds to answer. */
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);

    /** Unreadable posts: 60 in the dead-letters alert's 5-minute rate are 0.2 a second, above its 0.1. */
    private static final int UNREADABLE_POSTS = 60;

    private static MastodonStreamServer mastodon;

    private static LocalPipeline pipeline;

    private static PrometheusServer prometheus;

    /** Seven apps starting on two shared cores took more than the default 10 minutes of a lifecycle method. */
    @BeforeAll
    @Timeout(value = 16, unit = TimeUnit.MINUTES)
    static void startPipelineAndPrometheus() throws Exception {
        assumeThat(Files.isExecutable(PrometheusServer.BINARY))
            .as("Prometheus is not installed (Debian: apt-get install prometheus; ./test.sh installs it)").isTrue();
        Path home = Path.of(System.getProperty("tagpulse.local.home", "target"));
        Path workDir = Files.createTempDirectory(home, "prometheus-");
        mastodon = MastodonStreamServer.start(50);
        // Six apps, then a seventh, starting on two shared cores: one app's start alone can take over 3 min.
        pipeline = LocalPipeline.start(LocalPipeline.Options.defaults(home, workDir).withFreePorts()
            .withStartupTimeout(Duration.ofMinutes(6)));
        pipeline.startInstance("mastodon", "source", "--tagpulse.source.mode=mastodon",
                "--tagpulse.source.mastodon.instance=" + mastodon.instanceUrl());
        Map<String, String> targets = new LinkedHashMap<>();
        for (String app : List.of("source", "mastodon", "filter", "processor", "counter", "sink", "dashboard")) {
            targets.put(app, pipeline.url(app).replaceFirst("^http://", ""));
        }
        prometheus = PrometheusServer.start(workDir.resolve("prometheus"), targets, List.of(OperatorsDashboard.ALERTS),
                SCRAPE_INTERVAL);
        sendUnreadablePosts();
    }

    @AfterAll
    static void stopAll() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (mastodon != null) {
            mastodon.close();
        }
    }

    @Test
    @Order(1)
    void shouldAnswerEveryDashboardPanelQueryWithData() throws Exception {
        List<OperatorsDashboard.PanelQuery> queries = OperatorsDashboard.panelQueries();
        assertThat(queries).as("queries of the dashboard's panels").isNotEmpty();
        Map<OperatorsDashboard.PanelQuery, Integer> series = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(SCRAPE_INTERVAL).untilAsserted(() -> {
            series.clear();
            for (OperatorsDashboard.PanelQuery query : queries) {
                series.put(query, prometheus.query(query.expr()).size());
            }
            assertThat(series).as("series per panel query (none = no data); metrics scraped: %s", metricNames())
                .allSatisfy((query, count) -> assertThat(count).as(query.toString()).isPositive());
        });
        series.forEach((query, count) -> System.out.println("Data: " + count + " series for " + query));
    }

    @Test
    @Order(2)
    void shouldEvaluateEveryAlertRuleWithoutErrorOverMetricsThatExist() throws Exception {
        List<OperatorsDashboard.AlertRule> rules = OperatorsDashboard.alertRules();
        assertThat(rules).as("alert rules").isNotEmpty();
        await().atMost(Duration.ofMinutes(3)).pollInterval(SCRAPE_INTERVAL).untilAsserted(() -> {
            List<String> evaluated = new ArrayList<>();
            for (JsonNode group : prometheus.api("/api/v1/rules?type=alert").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    assertThat(rule.path("health").asString()).as("health of %s: %s", rule.path("name").asString(),
                            rule.path("lastError").asString()).isEqualTo("ok");
                    evaluated.add(rule.path("name").asString());
                }
            }
            assertThat(evaluated).containsExactlyInAnyOrderElementsOf(
                    rules.stream().map(OperatorsDashboard.AlertRule::alert).toList());
        });
        for (OperatorsDashboard.AlertRule rule : rules) {
            assertThat(rule.metrics()).as("metrics %s reads", rule.alert()).isNotEmpty();
        }
        // A scrape that timed out leaves an app's series stale until the next one: absent for one query is no proof.
        await().atMost(Duration.ofMinutes(1)).pollInterval(SCRAPE_INTERVAL).untilAsserted(() -> {
            List<String> missing = new ArrayList<>();
            for (OperatorsDashboard.AlertRule rule : rules) {
                for (String metric : rule.metrics()) {
                    if (prometheus.query(metric).isEmpty()) {
                        missing.add(metric + " (" + rule.alert() + ")");
                    }
                }
            }
            assertThat(missing).as("metrics the rules read that Prometheus has no series of").isEmpty();
        });
        rules.forEach(rule -> System.out.println("Rule evaluated: " + rule.alert() + " over " + rule.metrics()));
    }

    @Test
    @Order(3)
    void shouldPendTheDeadLettersAlertForTheFilter() throws Exception {
        // rate() sees only an increase between two scrapes of a series: the first batch (before all) may have been
        // counted before Prometheus first scraped the filter, so a second batch goes in once the series is there.
        await("the filter's dropped records scraped").atMost(Duration.ofMinutes(2)).pollInterval(SCRAPE_INTERVAL)
            .untilAsserted(() -> assertThat(prometheus.query(
                    "kafka_stream_task_dropped_records_total{application=\"filter-app\"}").size()).isPositive());
        sendUnreadablePosts();

        awaitPending("TagpulseDeadLetters", "application", "filter-app");
    }

    @Test
    @Order(4)
    void shouldPendTheDisconnectedAlertOnceTheLiveSourcesServerIsGone() throws Exception {
        assertThat(pendingOrFiring("TagpulseLiveSourceDisconnected")).as("while the Mastodon stream runs").isEmpty();

        mastodon.close();

        awaitPending("TagpulseLiveSourceDisconnected", "connector", "mastodon");
    }

    private static void awaitPending(String alert, String label, String value) {
        await(alert + " pending").atMost(Duration.ofMinutes(3)).pollInterval(SCRAPE_INTERVAL)
            .untilAsserted(() -> assertThat(pendingOrFiring(alert)).as("%s (states of its %s)", alert, label)
                .contains(value));
        System.out.println("Alert pending: " + alert + " for " + label + "=" + value);
    }

    /** @return the label {@code connector} or {@code application} of each pending or firing instance of the alert */
    private static List<String> pendingOrFiring(String alert) throws IOException, InterruptedException {
        List<String> instances = new ArrayList<>();
        for (JsonNode instance : prometheus.api("/api/v1/alerts").path("data").path("alerts")) {
            if (alert.equals(instance.path("labels").path("alertname").asString())) {
                JsonNode labels = instance.path("labels");
                instances.add(labels.has("connector") ? labels.path("connector").asString()
                        : labels.path("application").asString());
            }
        }
        return instances;
    }

    /**
     * Before each test: waits until the sink has stored counts (as Prometheus scraped them) and the Mastodon stream
     * has sent statuses, the marker that the pipeline moved.
     */
    @BeforeEach
    void awaitPipelineMoved() {
        await().atMost(Duration.ofMinutes(4)).pollInterval(SCRAPE_INTERVAL).untilAsserted(() -> assertThat(
                prometheus.query("tagpulse_sink_counts_total{outcome=\"stored\"} > 0").size())
            .as("the sink's stored counts, as Prometheus scraped them (log: %s)", prometheus.log()).isPositive());
        assertThat(mastodon.sent()).as("statuses the Mastodon stream sent").isPositive();
    }

    /** Writes posts no app can read onto the posts topic, as a broken producer would: the filter dead-letters them. */
    private static void sendUnreadablePosts() throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < UNREADABLE_POSTS; i++) {
                producer.send(new ProducerRecord<>(Topics.POSTS, "unreadable-" + i, "{not json " + i)).get();
            }
        }
    }

    private static List<String> metricNames() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        prometheus.api("/api/v1/label/__name__/values").path("data").forEach(name -> names.add(name.asString()));
        return names;
    }
}
