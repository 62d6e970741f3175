package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests of the local pipeline share: a fresh work directory with free ports, the process ids of
 * every broker and app the test saw (each must have stopped once the pipeline is closed: no process outlives its
 * test), the figures the test reports (printed again together at the end), and the comparison of stored windows
 * with the brute force. Registered as an extension ({@code @RegisterExtension static final PipelineRun RUN}), it
 * stops the pipeline after the test class's own {@code @AfterAll} methods, then what the test asked it to close
 * afterwards (a Kafka cluster the apps needed while they stopped).
 */
final class PipelineRun implements AfterAllCallback {

    private final String test;

    private final long startedNanos = System.nanoTime();

    private final Map<String, Long> pids = new LinkedHashMap<>();

    private final List<String> figures = new ArrayList<>();

    private final List<AutoCloseable> afterwards = new ArrayList<>();

    private LocalPipeline pipeline;

    PipelineRun(Class<?> test) {
        this.test = test.getSimpleName();
    }

    /** @return the directory with {@code broker-lib/} and {@code apps/} (this module's target) */
    static Path home() {
        return Path.of(System.getProperty("tagpulse.local.home", "target"));
    }

    /**
     * The counter's settings for a test that sends a fixed corpus: 1 s windows, and grace above the corpus's span
     * (its posts are shuffled over it): every post arrives within grace and must be counted.
     */
    static final String[] CORPUS_COUNTER = {"--tagpulse.counter.window-size=1s", "--tagpulse.counter.grace=60s"};

    /**
     * A counter instance of hours, as the hourly Data Flow stream runs one: an application id of its own, no hopping
     * windows, no trends. Start it with {@code startInstance("hourly-counter", "counter", HOURLY_COUNTER)}.
     */
    static final String[] HOURLY_COUNTER = {"--tagpulse.counter.window-size=1h", "--tagpulse.counter.hop-size=0",
        "--tagpulse.counter.trend.scopes=",
        "--spring.cloud.stream.kafka.streams.binder.functions.countHashtags.application-id=tagpulse-hourly-counter"};

    /**
     * @return the README defaults in a new work directory under {@link #home}, with every port a free one, and 6 min
     *     for an app to be ready: on two cores shared with other builds a Spring app's start alone took 192 s
     */
    static LocalPipeline.Options options(String workDirPrefix) throws IOException {
        return LocalPipeline.Options.defaults(home(), Files.createTempDirectory(home(), workDirPrefix))
            .withFreePorts()
            .withStartupTimeout(Duration.ofMinutes(6));
    }

    /** Starts the pipeline (the apps in {@code later} not yet) and remembers its process ids. */
    LocalPipeline start(LocalPipeline.Options options, Set<String> later) {
        pipeline = LocalPipeline.start(options, later);
        rememberPids();
        return pipeline;
    }

    LocalPipeline start(LocalPipeline.Options options) {
        return start(options, Set.of());
    }

    /** Remembers the current process ids, e.g. after a restart, so the new processes are checked at the end too. */
    void rememberPids() {
        pids.putAll(pipeline.pids());
    }

    /** Remembers a process under a name of its own, e.g. an app's pid before it is killed. */
    void rememberPid(String name, long pid) {
        pids.put(name, pid);
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Prints a figure now and keeps it for the summary printed at {@link #stop}. */
    void report(String line) {
        System.out.println(line);
        figures.add(line);
    }

    /** Closes this once the pipeline has stopped (the last closed first). */
    void closeAfterwards(AutoCloseable resource) {
        afterwards.add(0, resource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            stop();
        }
        finally {
            for (AutoCloseable resource : afterwards) {
                resource.close();
            }
        }
    }

    /**
     * Prints the figures, stops the pipeline (if it started) and checks that every process it ever had has exited.
     */
    private void stop() {
        if (!figures.isEmpty()) {
            System.out.println("Figures of " + test + ":");
            figures.forEach(line -> System.out.println("  " + line));
        }
        if (pipeline == null) {
            return;
        }
        rememberPids();
        pipeline.close();
        System.out.printf("%s, pipeline start and stop included: %.0f s%n", test, seconds(startedNanos));
        pids.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("%s (pid %d) stopped", name, pid)
            .isFalse());
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** @return the stored windows of one size of the tags that pass, by tag and window start (epoch ms) */
    static Map<String, Map<Long, Long>> storedCounts(LocalPipeline pipeline, long windowMillis,
            Predicate<String> tags) throws SQLException {
        Map<String, Map<Long, Long>> stored = new TreeMap<>(SinkDatabase.counts(pipeline.databaseUrl(),
                windowMillis));
        stored.keySet().removeIf(tags.negate());
        return stored;
    }

    /** @return every window, of either side, whose stored count is not the expected one */
    static List<String> differences(Map<String, Map<Long, Long>> expected, Map<String, Map<Long, Long>> stored) {
        Set<String> tags = new TreeSet<>(expected.keySet());
        tags.addAll(stored.keySet());
        List<String> differences = new ArrayList<>();
        for (String tag : tags) {
            Set<Long> windows = new TreeSet<>(expected.getOrDefault(tag, Map.of()).keySet());
            windows.addAll(stored.getOrDefault(tag, Map.of()).keySet());
            for (long window : windows) {
                Long want = expected.getOrDefault(tag, Map.of()).get(window);
                Long got = stored.getOrDefault(tag, Map.of()).get(window);
                if (!Objects.equals(want, got)) {
                    differences.add("%s@%s expected %s, stored %s".formatted(tag, Instant.ofEpochMilli(window),
                            want, got));
                }
            }
        }
        return differences;
    }
}
