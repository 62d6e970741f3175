package io.tagpulse.source.jetstream;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.Topics;
import io.tagpulse.source.SavedPosition;
import io.tagpulse.source.app.SourceApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static io.tagpulse.source.jetstream.JetstreamParserTests.postEvent;
import static org.awaitility.Awaitility.await;

/**
 * What the real-broker Jetstream tests share: a known sequence of posts, source apps following a
 * {@link PacedJetstream} in JVMs of their own, and reading back the posts they wrote and the cursor they saved.
 * Register it with {@code @RegisterExtension}: after each test it kills every app still running and stops the server.
 */
final class JetstreamApps implements AfterEachCallback {

    /** The first post's time, {@code time_us}. */
    static final long T0 = 1_763_800_000_000_000L;

    private final List<Process> started = new ArrayList<>();

    private final List<String> written = new ArrayList<>();

    private String brokers;

    private PacedJetstream server;

    private String positionKey;

    private KafkaConsumer<String, String> posts;

    private SavedPosition cursor;

    /**
     * Starts {@code created}, which the apps will follow, and the readers of what they write.
     *
     * @param brokers the broker the apps and the readers connect to
     * @param key the key the apps keep their cursor under
     * @return the server, started
     */
    PacedJetstream serve(String brokers, PacedJetstream created, String key) {
        this.brokers = brokers;
        this.server = created;
        this.positionKey = key;
        created.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> created.started);
        posts = consumer();
        posts.subscribe(List.of(Topics.POSTS));
        cursor = new SavedPosition(consumer(), key);
        return created;
    }

    /** @return the ids of the posts read from {@code tagpulse.posts} so far, in order, repeats included */
    List<String> written() {
        return written;
    }

    /** @return the cursor the apps keep */
    SavedPosition cursor() {
        return cursor;
    }

    /** @return the cursor ({@code time_us}) of post {@code index}, from 1 */
    static long timeOf(int index) {
        return T0 + index * 1_000L;
    }

    /** @return the id of post {@code index} */
    static String idOf(int index) {
        return "at://did:plc:abc123/app.bsky.feed.post/p" + index;
    }

    /** @return the index of the post with {@code id} */
    static int indexOf(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf("/p") + 2));
    }

    /** @return the known sequence: post {@code i} (from 1) at {@link #timeOf}{@code (i)}, one tag each */
    static List<String> events(int posts) {
        return IntStream.rangeClosed(1, posts).mapToObj(i -> postEvent(timeOf(i), "p" + i, "post " + i, "resume"))
            .toList();
    }

    /** A source app in a JVM of its own, its HTTP port and log. */
    record App(String name, Process process, int port, Path log) {

        /** @return the body of {@code GET path} on the app, empty when it does not answer */
        String get(String path) {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? response.body() : "";
            }
            catch (IOException ex) {
                return "";
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        /** Kills the app outright (SIGKILL: no shutdown, no last save) and waits until it is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " outlived a kill -9 by 20 s");
            }
        }
    }

    /**
     * Starts a source app in jetstream mode following the server, its cursor under the key, its log in
     * {@code target/<logPrefix>-<name>.log}.
     */
    App start(String logPrefix, String name, String... more)
            throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Path.of("target", logPrefix + "-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx160m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SourceApplication.class.getName(), "--server.port=" + port,
                "--spring.cloud.stream.kafka.binder.brokers=" + brokers, "--tagpulse.source.mode=jetstream",
                "--tagpulse.source.jetstream.url=ws://127.0.0.1:" + server.getPort() + "/subscribe",
                "--tagpulse.source.jetstream.position-key=" + positionKey));
        command.addAll(List.of(more));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(app);
        return new App(name, app, port, log);
    }

    /** @return a consumer of its own group, from the earliest records */
    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "jetstream-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Adds the ids of one poll's posts to {@link #written()}. */
    void poll() {
        for (ConsumerRecord<String, String> record : posts.poll(Duration.ofMillis(200))) {
            written.add(record.key());
        }
    }

    /** Reads what is left, until the reader stands at the end of every partition; @return how many are written. */
    int drain() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return atEnd(posts);
        });
        return written.size();
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer) {
        var end = consumer.endOffsets(consumer.assignment());
        return !end.isEmpty() && end.entrySet().stream()
            .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    /** @return how many times each post of {@code written} was written, by its index */
    static Map<Integer, Long> counts(List<String> written) {
        return written.stream().collect(Collectors.groupingBy(JetstreamApps::indexOf, Collectors.counting()));
    }

    /** @return the posts of 1..{@code posts} never written */
    static List<Integer> lost(Map<Integer, Long> counts, int posts) {
        return IntStream.rangeClosed(1, posts).filter(i -> !counts.containsKey(i)).boxed().toList();
    }

    /** @return the posts written more than once, in order */
    static List<Integer> doubled(Map<Integer, Long> counts) {
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).sorted()
            .toList();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process app : started) {
            app.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop(1000);
        }
        if (posts != null) {
            posts.close();
            cursor.close();
        }
    }
}
