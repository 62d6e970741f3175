package io.tagpulse.dataflow.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a failed wait on the pipeline needs to say: where the records stopped (each topic's end offsets beside each
 * consumer group's committed offsets) and what the apps complained about (their ERROR and WARN lines, each distinct
 * message once). Best effort: a diagnostic must never hide the failure it explains.
 */
final class PipelineDiagnostics {

    private PipelineDiagnostics() {
    }

    /**
     * @return a report of the processes (alive or gone), the topics with the given prefix, their consumer groups
     *         and the apps' logs under appsDir
     */
    static String describe(Collection<Long> pids, String bootstrapServers, String topicPrefix, Path appsDir) {
        StringBuilder report = new StringBuilder("Pipeline diagnostics\n");
        pids.forEach(pid -> report.append("  process ").append(pid).append(ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .map(process -> " alive: " + process.info().commandLine()
                .map(line -> line.substring(Math.max(0, line.length() - 100))).orElse("?"))
            .orElse(" GONE")).append('\n'));
        try {
            report.append(offsets(bootstrapServers, topicPrefix));
        }
        catch (Exception ex) {
            report.append("  offsets unavailable: ").append(ex).append('\n');
        }
        try {
            report.append(complaints(appsDir));
        }
        catch (IOException | RuntimeException ex) {
            report.append("  logs unavailable: ").append(ex).append('\n');
        }
        return report.toString();
    }

    private static String offsets(String bootstrapServers, String topicPrefix) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        StringBuilder out = new StringBuilder();
        try (Admin admin = Admin.create(config)) {
            List<String> topics = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(topicPrefix)).sorted().toList();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS)
                .forEach((name, description) -> description.partitions()
                    .forEach(partition -> latest.put(new TopicPartition(name, partition.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new TreeMap<>(
                    (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                            : a.topic().compareTo(b.topic()));
            admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
            out.append("  end offsets: ").append(ends).append('\n');
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
                Map<String, Long> lags = new TreeMap<>();
                committed.forEach((partition, offset) -> {
                    Long end = ends.get(partition);
                    if (offset != null && end != null) {
                        lags.put(partition.toString(), end - offset.offset());
                    }
                });
                out.append("  group ").append(group.groupId()).append(" lag: ").append(lags).append('\n');
            }
        }
        return out.toString();
    }

    private static String complaints(Path appsDir) throws IOException {
        StringBuilder out = new StringBuilder();
        if (!Files.isDirectory(appsDir)) {
            return "  no app logs under " + appsDir + '\n';
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(appsDir)) {
            logs = files.filter(file -> file.getFileName().toString().matches("std(out|err)_\\d+\\.log")).sorted()
                .toList();
        }
        for (Path log : logs) {
            Map<String, Integer> distinct = new LinkedHashMap<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains(" ERROR ") || line.contains(" WARN ")) {
                    // Drop the timestamp and pid so that repeats of one message collapse into one line.
                    String message = line.length() > 40 ? line.substring(line.indexOf(' ') + 1) : line;
                    message = message.replaceAll("\\d{3,}", "N");
                    distinct.merge(message.length() > 300 ? message.substring(0, 300) : message, 1, Integer::sum);
                }
            }
            List<String> lines = new ArrayList<>();
            distinct.forEach((message, times) -> lines.add("    " + times + "x " + message));
            out.append("  ").append(appsDir.relativize(log)).append(": ").append(distinct.size())
                .append(" distinct warnings/errors\n");
            lines.stream().limit(25).forEach(line -> out.append(line).append('\n'));
            if (log.getFileName().toString().startsWith("stderr")) {
                // A JVM that died says why at the end of its standard error (an OutOfMemoryError, a crash).
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - 5), all.size())
                    .forEach(line -> out.append("    | ").append(line).append('\n'));
            }
        }
        return out.toString();
    }
}
