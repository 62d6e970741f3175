package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak run (by hand, not part of {@code verify}): the whole local pipeline with the generator at a steady rate
 * for a given time, sampling every 30 s each process's RSS, each app's heap in use, each consumer group's lag and
 * the posts written. It prints one line per sample and a summary comparing the first and last thirds of the run:
 * a leak shows as RSS or heap that keeps growing, an overloaded stage as lag that keeps growing. Run with
 * {@code local-pipeline/soak.sh [minutes, 15] [posts per second, 200] [APP=--key=value ...]}.
 * <p>
 * Heap in use grows between collections by design; the leak signal is the live heap ({@code liveMB}: the old
 * generation after the last full collection). The apps' heaps are pre-touched at their full size, so RSS starts with
 * the whole heap resident and any growth of it is native memory. The apps run with native memory tracking, and at the end the run
 * writes each app's native memory summary (a diff against the first sample) and its largest heap classes to
 * {@code <work dir>/memory-<app>.txt}, to tell a heap leak from native growth (RocksDB, malloc arenas, threads).
 */
public final class SoakRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final Map<String, String> GROUPS = Map.of("filter", "tagpulse-filter", "processor",
            "tagpulse-processor", "counter", "tagpulse-counter", "sink", "tagpulse-sink");

    private static final Map<String, String> INPUTS = Map.of("filter", Topics.POSTS, "processor",
            Topics.FILTERED_POSTS, "counter", Topics.HASHTAGS, "sink", Topics.HASHTAG_COUNTS);

    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path home = Path.of(System.getProperty("tagpulse.local.home", "local-pipeline/target"));
        Path workDir = Files.createTempDirectory(home, "soak-");
        LocalPipeline.Options defaults = LocalPipeline.Options.defaults(home, workDir);
        // The whole heap resident from the start (-Xms = -Xmx, pre-touched): a heap that a collector has not yet
        // reached would otherwise show as RSS growing for the first tens of minutes, leak or no leak.
        String maxHeap = defaults.appJvmOptions().stream().filter(option -> option.startsWith("-Xmx")).findFirst()
            .orElse("-Xmx128m");
        LocalPipeline.Options options = defaults.withFreePorts()
            .withArguments("source", "--tagpulse.source.mode=generator", "--tagpulse.source.generator.rate=" + rate)
            .withJvmOptions("-XX:NativeMemoryTracking=summary", "-Xms" + maxHeap.substring(4), "-XX:+AlwaysPreTouch");
        // Further arguments APP=--key=value go to one app, e.g. filter=--tagpulse.filter.rocksdb-memory=8MB.
        for (int i = 2; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals < 1 || !LocalPipeline.APPS.contains(args[i].substring(0, equals))) {
                throw new IllegalArgumentException("expected APP=--key=value with APP one of " + LocalPipeline.APPS
                        + ", got " + args[i]);
            }
            options = options.withArguments(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        System.out.printf("Soak: %d min at %d posts/s; work dir %s%n", minutes, rate, workDir);
        List<Map<String, Double>> samples = new ArrayList<>();
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            // Ctrl-C (or a kill) stops the apps and the broker too: each runs in a session of its own.
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
            Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
            long postsBefore = -1;
            Instant sampledAt = Instant.now();
            boolean baseline = false;
            while (Instant.now().isBefore(end)) {
                TimeUnit.SECONDS.sleep(30);
                Map<String, Double> sample = new LinkedHashMap<>();
                pipeline.pids().forEach((name, pid) -> sample.put(name + ".rssMB", rssMegabytes(pid)));
                for (String app : LocalPipeline.APPS) {
                    String metrics = prometheus(pipeline.url(app));
                    sample.put(app + ".heapMB", megabytes(metrics, "jvm_memory_used_bytes{", "area=\"heap\""));
                    sample.put(app + ".liveMB", megabytes(metrics, "jvm_gc_live_data_size_bytes", ""));
                }
                if (!baseline) {
                    // The native memory baseline, once the apps are warm.
                    pipeline.pids().forEach((name, pid) -> jcmd(pid, "VM.native_memory", "baseline"));
                    baseline = true;
                }
                Map<String, Long> lags = lags(pipeline.bootstrapServers());
                lags.forEach((app, lag) -> sample.put(app + ".lag", lag.doubleValue()));
                long posts = endOffset(pipeline.bootstrapServers(), Topics.POSTS);
                Instant now = Instant.now();
                if (postsBefore >= 0) {
                    sample.put("posts/s", (posts - postsBefore) * 1000.0 / Duration.between(sampledAt, now).toMillis());
                }
                postsBefore = posts;
                sampledAt = now;
                samples.add(sample);
                System.out.println(now + " " + sample);
            }
            for (String app : LocalPipeline.APPS) {
                long pid = pipeline.pids().get(app);
                Path report = workDir.resolve("memory-" + app + ".txt");
                Files.writeString(report, jcmd(pid, "VM.native_memory", "summary.diff") + "\n"
                        + jcmd(pid, "GC.class_histogram").lines().limit(30).reduce("", (a, b) -> a + b + "\n"));
                System.out.println("Memory of " + app + ": " + report);
            }
        }
        System.out.println(summary(samples));
    }

    /** Runs {@code jcmd} on an app; its output, or the failure. */
    private static String jcmd(long pid, String... command) {
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

    /** For each measure: median of the first third, of the last third, and the maximum. */
    static String summary(List<Map<String, Double>> samples) {
        StringBuilder out = new StringBuilder("| measure | first third (median) | last third (median) | max |\n|---|---|---|---|\n");
        if (samples.size() < 3) {
            return out.append("(too few samples)").toString();
        }
        int third = samples.size() / 3;
        samples.get(samples.size() - 1).keySet().forEach(key -> {
            List<Double> first = values(samples.subList(0, third), key);
            List<Double> last = values(samples.subList(samples.size() - third, samples.size()), key);
            double max = values(samples, key).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            out.append(String.format("| %s | %.0f | %.0f | %.0f |%n", key, median(first), median(last), max));
        });
        return out.toString();
    }

    private static List<Double> values(List<Map<String, Double>> samples, String key) {
        return samples.stream().filter(sample -> sample.containsKey(key)).map(sample -> sample.get(key)).toList();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double rssMegabytes(long pid) {
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
    private static String prometheus(String baseUrl) {
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

    /** @return each stage's lag: end offsets of its input topic minus its group's committed offsets */
    private static Map<String, Long> lags(String bootstrapServers) throws Exception {
        Map<String, Long> lags = new LinkedHashMap<>();
        try (Admin admin = admin(bootstrapServers)) {
            for (Map.Entry<String, String> group : GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getValue())
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(partition -> partition.topic().equals(INPUTS.get(group.getKey())))
                    .forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                long lag = 0;
                for (var end : admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).entrySet()) {
                    lag += end.getValue().offset() - committed.get(end.getKey()).offset();
                }
                lags.put(group.getKey(), lag);
            }
        }
        return lags;
    }

    private static long endOffset(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(config);
    }
}
