package io.tagpulse.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.Topics;
import io.tagpulse.testing.TestPostgres;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes under load, each a SIGKILL with no warning, on the apps as separate processes over a real broker and a real
 * PostgreSQL (durable: fsync on): the single broker, one of two counter instances sharing the work with a standby
 * replica each, and PostgreSQL's postmaster in the middle of the sink's writes. Each is restarted on its data; no
 * other process is restarted. After each, every window the sink stores (1-second windows, 1-minute windows every
 * 10 s, and hours, the last counted by a third counter with an application id of its own, as the hourly Data Flow
 * stream does) must equal the brute-force count of every post sent so far ({@link WindowOracle}), with no key stored
 * twice. One pipeline for the three crashes, in order; each crash's corpus comes after the previous one's counts
 * were exact, so a difference belongs to the crash just before it.
 * <p>
 * <b>Trends.</b> Each corpus ({@link TrendCorpus}) is six minutes of event time, sent in about 20 s: background
 * traffic, and half way in a surge of new tags (past the trend rules' warm-up, even in the first corpus), one for
 * each hashtags partition, carried by many authors, then silence. The counter's trend rules are shortened
 * ({@link ReplayedTrends#COUNTER_SETTINGS}) so a surge starts a trend in every scope and ends it within its corpus;
 * the broker and the counter instance are killed mid-surge (asserted: after seven twelfths of the posts,
 * between the surge's first and last). After each crash, once the counts are exact, the committed trends topic must
 * equal a replay of the committed hashtags topic without any fault, update for update ({@link ReplayedTrends}).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final long SECOND = 1_000;

    private static final long HOP_SIZE = 60_000;

    private static final long HOP_ADVANCE = 10_000;

    private static final long HOUR = 3_600_000;

    private static final int BATCH = 25;

    /** How much event time each corpus covers. */
    private static final Duration CORPUS_SPAN = Duration.ofMinutes(6);

    private static final Duration EXACT_WITHIN = Duration.ofMinutes(4);

    private static TestPostgres postgres;

    private static String databaseUrl;

    private static LocalPipeline pipeline;

    private static SourceClient source;

    private static Path workDir;

    private static int hashtagsPartitions;

    /** Where the next corpus's event times begin: each corpus follows the previous one. */
    private static Instant eventTime;

    /** Every post sent so far that the pipeline must count, over all crashes. */
    private static final List<Corpus.CountedPost> SENT = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    static void startPipeline() throws Exception {
        postgres = TestPostgres.start(true);
        databaseUrl = postgres.createDatabase();
        Path home = Path.of(System.getProperty("tagpulse.local.home", "target"));
        workDir = Files.createTempDirectory(home, "crash-");
        LocalPipeline.Options options = LocalPipeline.Options.defaults(home, workDir)
            .withFreePorts()
            // Nine JVMs start on two shared cores: an app alone took over 3 minutes under other builds' load.
            .withStartupTimeout(Duration.ofMinutes(6))
            .withDatabase(databaseUrl, "tagpulse", "")
            .withArguments("counter", ReplayedTrends.counterArguments())
            .withArguments("counter",
                    "--spring.cloud.stream.kafka.streams.binder.configuration.num.standby.replicas=1");
        // The dashboard only reads what the sink wrote: the crashes are checked in the database itself.
        pipeline = LocalPipeline.start(options, Set.of("dashboard"));
        pipeline.startInstance("counter-2", "counter");
        pipeline.startInstance("hourly-counter", "counter", PipelineRun.HOURLY_COUNTER);
        source = new SourceClient(pipeline);
        try (KafkaConsumer<byte[], byte[]> consumer = Observer.open(pipeline.bootstrapServers())) {
            hashtagsPartitions = consumer.partitionsFor(Topics.HASHTAGS, Duration.ofSeconds(10)).size();
        }
        // In the past, so that three corpora fit before now, and well within the counter's max delay (1 h).
        eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
    }

    @AfterAll
    static void stopPipeline() {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        }
        finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldLoseAndDoubleNothingWhenTheBrokerIsKilledMidLoad() throws Exception {
        Map<String, Long> appPids = new LinkedHashMap<>(pipeline.pids());
        long brokerPid = appPids.remove("kafka");
        Crash crash = underLoad(1, "crash-broker-", () -> {
            pipeline.killBroker();
            return Duration.ZERO;
        }, () -> pipeline.startBroker());

        assertExact(crash, "broker killed (pid " + brokerPid + ") and restarted as pid " + pipeline.pids().get("kafka"));
        assertTrendsAsReplayed(crash);
        Map<String, Long> after = new LinkedHashMap<>(pipeline.pids());
        after.remove("kafka");
        assertThat(after).as("every app recovered on its own, none restarted").isEqualTo(appPids);
        assertAllAlive();
    }

    @Test
    @Order(2)
    void shouldCountExactlyWhenOneOfTwoCounterInstancesIsKilledMidLoad() throws Exception {
        long killed = pipeline.pids().get("counter-2");
        Crash crash = underLoad(2, "crash-counter-", () -> {
            pipeline.kill("counter-2");
            return Duration.ZERO;
        }, () -> pipeline.restart("counter-2"));

        assertExact(crash, "counter-2 killed (pid " + killed + "), restarted as pid " + pipeline.pids().get("counter-2")
                + " (counter, pid " + pipeline.pids().get("counter") + ", and its standby kept running)");
        assertTrendsAsReplayed(crash);
    }

    @Test
    @Order(3)
    void shouldResumeTheSinkWithoutLossOrDuplicatesWhenPostgresIsKilledMidWrite() throws Exception {
        long sinkPid = pipeline.pids().get("sink");
        Crash crash = underLoad(3, "crash-postgres-", () -> postgres.kill(), () -> postgres.restart());

        assertExact(crash, "PostgreSQL's postmaster killed and restarted on its data");
        assertTrendsAsReplayed(crash);
        assertThat(pipeline.pids().get("sink")).as("the sink recovered on its own").isEqualTo(sinkPid);
        assertAllAlive();
    }

    private static void assertAllAlive() {
        pipeline.pids().forEach((name, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
            .as("%s (pid %d) running", name, pid)
            .contains(true));
    }

    /** What one crash under load did, and when; {@code surgeTags} are its corpus's. */
    private record Crash(String name, Instant faultAt, Instant backAt, Duration serverExit, ProgressMonitor progress,
            List<String> surgeTags, Instant startedAt) {
    }

    /** A step of the crash that may fail; returns how long it waited, if it did. */
    private interface Step {
        Duration run() throws Exception;
    }

    /**
     * Sends a corpus ({@link TrendCorpus}, {@link #CORPUS_SPAN} of event time after the previous corpus's) in batches,
     * paced so the load spans the crash: after seven twelfths of the batches, in the surge, the fault strikes, and
     * once a further third was sent (or tried, while the broker is down) the crashed process is started again; the
     * rest follows.
     */
    private static Crash underLoad(long seed, String idPrefix, Step fault, Runnable recovery) throws Exception {
        Instant startedAt = Instant.now();
        TrendCorpus corpus = new TrendCorpus(seed, idPrefix, eventTime, CORPUS_SPAN, hashtagsPartitions);
        eventTime = corpus.end();
        List<String> batches = corpus.batches(BATCH);
        SENT.addAll(corpus.countedPosts());
        ProgressMonitor progress = ProgressMonitor.start(databaseUrl);
        // About 100 posts a second: the load lasts about 20 s when nothing is down.
        CorpusSender sender = CorpusSender.start(source, batches, Duration.ofMillis(250));
        int third = batches.size() / 3;
        sender.awaitAttemptedMoreThan(batches.size() * 7 / 12, Duration.ofMinutes(1));
        Instant faultAt = Instant.now();
        int atFaultStart = sender.attempted();
        Duration serverExit = fault.run();
        int atFault = sender.attempted();
        assertThat(atFault).as("batches sent when the fault struck (the load must go on after it)")
            .isLessThan(batches.size());
        assertThat(corpus.midSurge(atFaultStart * BATCH)).as("the fault struck mid-surge (%d of %d posts sent)",
                atFaultStart * BATCH, corpus.size()).isTrue();
        // While the broker is down the sender retries one batch: then the outage lasts at least 10 s.
        await("more load while down").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> sender.attempted() >= atFault + third
                    || Duration.between(faultAt, Instant.now()).compareTo(Duration.ofSeconds(10)) >= 0);
        recovery.run();
        Instant backAt = Instant.now();
        sender.awaitAll(Duration.ofMinutes(4));
        return new Crash(idPrefix, faultAt, backAt, serverExit, progress, corpus.surgeTags(), startedAt);
    }

    private static void assertExact(Crash crash, String what) throws Exception {
        Map<Long, Map<String, Map<Long, Long>>> expected = new LinkedHashMap<>();
        expected.put(SECOND, WindowOracle.counts(SENT, SECOND, SECOND));
        expected.put(HOP_SIZE, WindowOracle.counts(SENT, HOP_SIZE, HOP_ADVANCE));
        expected.put(HOUR, WindowOracle.counts(SENT, HOUR, HOUR));
        try {
            await("exact counts of every window size after " + crash.name()).atMost(EXACT_WITHIN)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .untilAsserted(() -> expected.forEach((size, counts) -> {
                    try {
                        assertThat(SinkDatabase.counts(databaseUrl, "tagpulse", "", size))
                            .as("windows of %d ms", size)
                            .isEqualTo(counts);
                    }
                    catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                }));
        }
        finally {
            crash.progress().close();
        }
        Instant exactAt = Instant.now();
        assertThat(SinkDatabase.repeatedKeys(databaseUrl, "tagpulse", "")).as("keys stored twice").isEmpty();
        Map<Long, Long> rows = new LinkedHashMap<>();
        expected.forEach((size, counts) -> rows.put(size, WindowOracle.rows(counts)));
        System.out.printf("CrashRecoveryIT %s: %s; down %.1f s (fault to restarted%s); longest stall of the stored "
                + "counts %.1f s; fault to exact %.1f s; rows compared by window size (ms) %s, differences 0%n",
                crash.name(), what, seconds(crash.faultAt(), crash.backAt()),
                crash.serverExit().isZero() ? ""
                        : String.format(", its server processes gone %.1f s after the kill",
                                crash.serverExit().toMillis() / 1000.0),
                crash.progress().longestStall(crash.faultAt(), exactAt).toMillis() / 1000.0,
                seconds(crash.faultAt(), exactAt), rows);
    }

    /** The committed trends topic equals the replay of the committed hashtags topic ({@link ReplayedTrends}). */
    private static void assertTrendsAsReplayed(Crash crash) {
        String compared = ReplayedTrends.assertAsReplayed(pipeline.bootstrapServers(), List.of(crash.surgeTags()),
                workDir);
        System.out.printf("CrashRecoveryIT %s trends: %s; the crash test took %.1f s%n", crash.name(), compared,
                seconds(crash.startedAt(), Instant.now()));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Watches the sum of the stored 1-second counts (running totals, so it grows with every count written) every
     * 250 ms, and remembers when it changed: the longest time without a change is how long the pipeline stalled.
     */
    private static final class ProgressMonitor implements AutoCloseable {

        private final List<Instant> changes = new CopyOnWriteArrayList<>();

        private final Thread thread;

        private volatile boolean running = true;

        private ProgressMonitor(String url) {
            thread = new Thread(() -> watch(url), "crash-progress");
            thread.setDaemon(true);
        }

        static ProgressMonitor start(String url) {
            ProgressMonitor monitor = new ProgressMonitor(url);
            monitor.thread.start();
            return monitor;
        }

        private void watch(String url) {
            long last = -1;
            while (running) {
                try (Connection connection = DriverManager.getConnection(url + "&connectTimeout=2&socketTimeout=5",
                        "tagpulse", "");
                        PreparedStatement sum = connection.prepareStatement(
                                "SELECT COALESCE(SUM(mention_count), 0) FROM hashtag_counts WHERE window_size_ms = ?")) {
                    sum.setLong(1, SECOND);
                    while (running) {
                        try (ResultSet row = sum.executeQuery()) {
                            row.next();
                            long now = row.getLong(1);
                            if (now != last) {
                                last = now;
                                changes.add(Instant.now());
                            }
                        }
                        pause(Duration.ofMillis(250));
                    }
                }
                catch (SQLException unreachable) {
                    // PostgreSQL is down (or the tables are not there yet): no progress to see; try again.
                    pause(Duration.ofMillis(250));
                }
            }
        }

        /**
         * @return the longest time without a change from the fault to the last change before {@code to} (the
         *     counts were exact then: what follows is the pipeline at rest, not stalled)
         */
        Duration longestStall(Instant from, Instant to) {
            Duration longest = Duration.ZERO;
            Instant previous = from;
            List<Instant> points = changes.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).toList();
            for (Instant point : points) {
                Duration gap = Duration.between(previous, point);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
                previous = point;
            }
            return longest;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
