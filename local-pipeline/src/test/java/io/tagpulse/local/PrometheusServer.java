package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tagpulse.contracts.TagpulseJson;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus server (the {@code prometheus} binary of Debian's package) scraping the given targets'
 * {@code /actuator/prometheus} every {@code scrapeInterval} and evaluating the given rule files as often, with its
 * configuration and storage in a directory of its own and its HTTP API on a free port of the loopback interface.
 */
final class PrometheusServer implements AutoCloseable {

    /** Where Debian's package installs the server. */
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ManagedProcess process;

    private final String url;

    private PrometheusServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @param targets the {@code host:port} of each app, by app name (the scrape's {@code app} label)
     * @param ruleFiles rule files to load, as they are
     */
    static PrometheusServer start(Path dir, Map<String, String> targets, List<Path> ruleFiles,
            Duration scrapeInterval) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String interval = scrapeInterval.toSeconds() + "s";
        String scrapes = targets.entrySet().stream()
            .map(target -> """
                      - targets: ['%s']
                        labels: {app: '%s'}
                """.formatted(target.getValue(), target.getKey()))
            .collect(Collectors.joining());
        String rules = ruleFiles.stream().map(file -> "  - '" + file.toAbsolutePath() + "'\n")
            .collect(Collectors.joining());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: %s
              evaluation_interval: %s
            rule_files:
            %s
            scrape_configs:
              - job_name: tagpulse
                metrics_path: /actuator/prometheus
                static_configs:
            %s""".formatted(interval, interval, rules.isEmpty() ? "  []" : rules, scrapes));
        int port = LocalPipeline.freePort();
        ManagedProcess process = ManagedProcess.start("prometheus", List.of(BINARY.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), dir, dir.resolve("prometheus.log"));
        PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            }
            catch (IOException notYet) {
                // not listening yet
            }
            Pause.briefly();
        }
        throw new IllegalStateException("Prometheus not ready after " + timeout + "; see " + process.log());
    }

    /** @return the result of an instant query ({@code data.result}: one element per series); fails on an error */
    JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return answer.path("data").path("result");
    }

    /** @return {@code data} of a GET on the HTTP API, e.g. {@code /api/v1/rules}; fails on an error */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        JsonNode answer = TagpulseJson.mapper().readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(answer.path("status").asString())) {
            throw new IllegalStateException(pathAndQuery + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return answer;
    }

    /** @return Prometheus's log */
    Path log() {
        return process.log();
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.close();
    }
}
