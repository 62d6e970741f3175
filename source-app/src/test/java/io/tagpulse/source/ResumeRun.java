package io.tagpulse.source;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tagpulse.contracts.Topics;
import io.tagpulse.source.app.SourceApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One run of a live source's resume test on a real broker: the source app in JVMs of its own (each killed, if still
 * running, at close), what it wrote to {@code tagpulse.posts} (the keys, in order) and the position it kept under
 * {@code positionKey} in the positions topic; at the end, which of the expected posts were lost and which doubled.
 */
public final class ResumeRun implements AutoCloseable {

    private final String brokers;

    private final String name;

    private final List<Process> apps = new ArrayList<>();

    private final KafkaConsumer<String, String> posts;

    private final SavedPosition positions;

    /** The keys (post ids) written to {@code tagpulse.posts} so far, in order. */
    public final List<String> written = new ArrayList<>();

    /** @param name names the apps' logs ({@code target/<name>-<app>.log}) and the report file */
    public ResumeRun(String brokers, String name, String positionKey) {
        this.brokers = brokers;
        this.name = name;
        this.posts = consumer();
        this.positions = new SavedPosition(consumer(), positionKey);
        posts.subscribe(List.of(Topics.POSTS));
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, name + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Starts the source app on a free port with the broker and {@code arguments}, its log in target. */
    public Process startApp(String app, String... arguments) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx160m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SourceApplication.class.getName(), "--server.port=" + port,
                "--spring.cloud.stream.kafka.binder.brokers=" + brokers));
        command.addAll(List.of(arguments));
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(Path.of("target", name + "-" + app + ".log").toFile())
            .start();
        apps.add(started);
        return started;
    }

    /** Adds what {@code tagpulse.posts} holds now to {@link #written}. */
    public void poll() {
        for (ConsumerRecord<String, String> record : posts.poll(Duration.ofMillis(200))) {
            written.add(record.key());
        }
    }

    /** Waits at most {@code within} until {@code count} posts were written. */
    public void awaitWritten(Duration within, int count) {
        await().atMost(within).until(() -> {
            poll();
            return written.size() >= count;
        });
    }

    /**
     * Waits for a save that covers part of what was written ({@code savedAtLeast}), so that the kill leaves a position
     * behind, then kills {@code app} outright (SIGKILL: no shutdown, no last save).
     */
    public void kill(Process app, long savedAtLeast) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> savedPosition() >= savedAtLeast);
        app.destroyForcibly();
        assertThat(app.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /** Reads what is left, until the consumer stands at the end of every partition; @return how many it holds. */
    public int drain() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            var end = posts.endOffsets(posts.assignment());
            return !end.isEmpty() && end.entrySet().stream()
                .allMatch(partition -> posts.position(partition.getKey()) >= partition.getValue());
        });
        return written.size();
    }

    /** @return the position kept under the run's key, read to the end of the positions topic; 0 when none yet */
    public long savedPosition() {
        return positions.read();
    }

    /** @return how many of {@code expected} were never written */
    public int lost(List<String> expected) {
        return (int) expected.stream().filter(id -> !written.contains(id)).count();
    }

    /** @return the posts written more than once, each as {@code index} makes it, sorted */
    public <T extends Comparable<T>> List<T> doubled(Function<String, T> index) {
        return written.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting())).entrySet().stream()
            .filter(entry -> entry.getValue() > 1)
            .map(entry -> index.apply(entry.getKey()))
            .sorted()
            .toList();
    }

    /** @return the most times one post was written */
    public long mostWrites() {
        return written.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting())).values().stream()
            .mapToLong(Long::longValue).max().orElse(0);
    }

    /** Prints the report and keeps it in {@code target/<name>.txt}. */
    public void report(String report) throws IOException {
        System.out.println(name + ": " + report);
        Files.writeString(Path.of("target", name + ".txt"), report + "\n", StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process app : apps) {
            app.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        posts.close();
        positions.close();
    }
}
