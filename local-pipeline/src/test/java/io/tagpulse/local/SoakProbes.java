package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the soak run reads of the pipeline's processes: RSS from {@code /proc}, heap from each app's Prometheus
 * endpoint, health, each consumer group's lag, the database's size on disk, and native memory through {@code jcmd}.
 */
final class SoakProbes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The consumer group of each stage. */
    static final Map<String, String> GROUPS = Map.of("filter", "tagpulse-filter", "processor",
            "tagpulse-processor", "counter", "tagpulse-counter", "sink", "tagpulse-sink");

    private static final Map<String, String> INPUTS = Map.of("filter", Topics.POSTS, "processor",
            Topics.FILTERED_POSTS, "counter", Topics.HASHTAGS, "sink", Topics.HASHTAG_COUNTS);

    private SoakProbes() {
    }

    /** @return seconds of its input a group is behind: its lag over its input's mean rate since the start */
    static double lagSeconds(long[] lagAndEnd, double secondsSinceStart) {
        return lagAndEnd[1] == 0 ? 0 : lagAndEnd[0] / (lagAndEnd[1] / secondsSinceStart);
    }

    /** @return the pipeline's process ids; read again when a restart by the watchdog was changing them */
    static Map<String, Long> pids(LocalPipeline pipeline) {
        for (int attempt = 0;; attempt++) {
            try {
                return pipeline.pids();
            }
            catch (ConcurrentModificationException ex) {
                if (attempt == 10) {
                    throw ex;
                }
                Pause.briefly();
            }
        }
    }

    /** @return whether the app's health endpoint answers 200 */
    static boolean healthy(LocalPipeline pipeline, String app) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.url(app) + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static double directoryMegabytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1048576.0;
        }
        catch (IOException | UncheckedIOException ex) {
            return Double.NaN;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    /** Runs {@code jcmd} on an app; its output, or the failure. */
    static String jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
        catch (IOException ex) {
            return "jcmd failed: " + ex.getMessage();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static double rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        }
        catch (IOException | NumberFormatException gone) {
            // The process is gone: reported as NaN.
        }
        return Double.NaN;
    }

    /** @return the app's Prometheus text, or empty when it does not answer */
    static String prometheus(String baseUrl) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (IOException ex) {
            return "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** @return the sum of the series named {@code prefix} whose labels contain {@code label}, in MB (NaN if none) */
    static double megabytes(String metrics, String prefix, String label) {
        double[] bytes = metrics.lines()
            .filter(line -> line.startsWith(prefix) && line.contains(label))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .toArray();
        return bytes.length == 0 ? Double.NaN : java.util.Arrays.stream(bytes).sum() / (1024 * 1024);
    }

    /** @return each stage's lag and its input's end: end offsets of its input topic minus its group's commits */
    static Map<String, long[]> lags(String bootstrapServers) throws Exception {
        Map<String, long[]> lags = new LinkedHashMap<>();
        try (Admin admin = admin(bootstrapServers)) {
            for (Map.Entry<String, String> group : GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getValue())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(partition -> partition.topic().equals(INPUTS.get(group.getKey())))
                    .forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                long lag = 0;
                long ends = 0;
                for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    lag += end.getValue().offset() - committed.get(end.getKey()).offset();
                    ends += end.getValue().offset();
                }
                lags.put(group.getKey(), new long[] {lag, ends});
            }
        }
        return lags;
    }

    private static Admin admin(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // While the broker is down a sample goes without lags rather than waiting a minute for them.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(config);
    }
}
