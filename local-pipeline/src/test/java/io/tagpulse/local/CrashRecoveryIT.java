package io.tagpulse.local;

import java.nio.charset.StandardCharsets;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.app.CounterProperties;
import io.tagpulse.testing.PropertiesBinding;
import io.tagpulse.testing.TestPostgres;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
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
 * each hashtags partition, carried by many authors,
 * then silence. The counter's trend rules are shortened (a 1-minute short horizon against 10 minutes, a minute of
 * warm-up, 30 s end delay, 1-minute cooldown) so a surge starts a trend in every scope and ends it within its
 * corpus; the broker and the counter instance are killed mid-surge (asserted: after seven twelfths of the posts,
 * between the surge's first and last). After each crash, once the counts are exact, the committed trends topic must equal a
 * reference computed without any fault ({@link HashtagsReplay}: the committed hashtags topic, partition by partition,
 * through the counter's own topology with the counter's own settings, bound from the very arguments the pipeline's
 * counter got). What must be equal: for each key ({@code <scope>|<tag>}) the ordered list of trend updates, record
 * for record and field for field ({@link TrendComparison}). That is the strongest claim the design makes: the trend
 * stage is event-time only (its clock is the watermarks carried in the hashtags topic) and deterministic per task,
 * and the counter writes under exactly-once, so a crash may neither lose, repeat nor reorder an update, nor change
 * one value (a state restored from a changelog or a standby that decoded differently would show here); comparing
 * only each trend's last update, or the trend ids with start, peak and end, would miss a repeated or lost update in
 * the middle. Keys have no order among them (each comes from its own task), so none is compared. At least one of
 * each corpus's surges must have trended globally (not every one need: a task whose first mention came with its
 * surge has no baseline yet) and at least one trend must have ended, so the comparison is not vacuous; and the same
 * comparison against a reference without the partition holding most updates must fail, so it can fail.
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

    /**
     * The counter's settings (without {@code --}): the grace covers the corpora's disorder ({@link TrendCorpus#DISORDER})
     * and the trend rules are shortened so trends start and end within a corpus. The replay binds the same.
     */
    private static final List<String> COUNTER_SETTINGS = List.of("tagpulse.counter.grace=30s",
            "tagpulse.counter.trend.short-horizon=1m", "tagpulse.counter.trend.long-horizon=10m",
            "tagpulse.counter.trend.warm-up=1m", "tagpulse.counter.trend.end-delay=30s",
            "tagpulse.counter.trend.cooldown=1m");

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
            .withArguments("counter", COUNTER_SETTINGS.stream().map(setting -> "--" + setting).toArray(String[]::new))
            .withArguments("counter",
                    "--spring.cloud.stream.kafka.streams.binder.configuration.num.standby.replicas=1");
        // The dashboard only reads what the sink wrote: the crashes are checked in the database itself.
        pipeline = LocalPipeline.start(options, Set.of("dashboard"));
        pipeline.startInstance("counter-2", "counter");
        pipeline.startInstance("hourly-counter", "counter", "--tagpulse.counter.window-size=1h",
                "--tagpulse.counter.hop-size=0", "--tagpulse.counter.trend.scopes=",
                "--spring.cloud.stream.kafka.streams.binder.functions.countHashtags.application-id=tagpulse-hourly-counter");
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
     * once a
     * further third was sent (or tried, while the broker is down) the crashed process is started again; the rest
     * follows.
     */
    private static Crash underLoad(long seed, String idPrefix, Step fault, Runnable recovery) throws Exception {
        Instant startedAt = Instant.now();
        TrendCorpus corpus = new TrendCorpus(seed, idPrefix, eventTime, CORPUS_SPAN, hashtagsPartitions);
        eventTime = corpus.end();
        List<String> batches = corpus.batches(BATCH);
        SENT.addAll(corpus.countedPosts());
        AtomicInteger attempted = new AtomicInteger();
        ProgressMonitor progress = ProgressMonitor.start(databaseUrl);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            for (String batch : batches) {
                attempted.incrementAndGet();
                source.post(batch);
                // About 100 posts a second: the load lasts about 20 s when nothing is down.
                pause(Duration.ofMillis(250));
            }
        });
        int third = batches.size() / 3;
        int inSurge = batches.size() * 7 / 12;
        await("seven twelfths of the corpus sent").atMost(Duration.ofMinutes(1))
            .until(() -> attempted.get() > inSurge);
        Instant faultAt = Instant.now();
        int atFaultStart = attempted.get();
        Duration serverExit = fault.run();
        int atFault = attempted.get();
        assertThat(atFault).as("batches sent when the fault struck (the load must go on after it)")
            .isLessThan(batches.size());
        assertThat(corpus.midSurge(atFaultStart * BATCH)).as("the fault struck mid-surge (%d of %d posts sent)",
                atFaultStart * BATCH, corpus.size()).isTrue();
        // While the broker is down the sender retries one batch: then the outage lasts at least 10 s.
        await("more load while down").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> attempted.get() >= atFault + third
                    || Duration.between(faultAt, Instant.now()).compareTo(Duration.ofSeconds(10)) >= 0);
        recovery.run();
        Instant backAt = Instant.now();
        sender.get(4, TimeUnit.MINUTES);
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

    /**
     * The committed trends topic equals the replay of the committed hashtags topic, key by key and update by update
     * (see the class Javadoc): the replay is made once, the counts being exact and the hashtags topic complete; the
     * topic is read again until it has caught up with it (the counter may still be judging the last watermarks).
     */
    private static void assertTrendsAsReplayed(Crash crash) {
        Instant replayFrom = Instant.now();
        Map<Integer, List<KeyValue<String, TrendUpdate>>> replayed = HashtagsReplay.trends(
                pipeline.bootstrapServers(), counterSettings(), workDir);
        Duration replayTook = Duration.between(replayFrom, Instant.now());
        AtomicReference<TrendComparison> compared = new AtomicReference<>();
        await("the trends written after " + crash.name() + " equal those of the replay").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> {
                compared.set(TrendComparison.of(replayed.values(), writtenTrends()));
                assertThat(compared.get().differences()).as("differences from the replay").isEmpty();
            });
        TrendComparison comparison = compared.get();
        // Not every surge need trend: a task whose first mention came with its surge has no baseline yet (its
        // warm-up starts then), as in the first corpus, where one partition may hold no background tag.
        List<String> trended = crash.surgeTags().stream()
            .filter(tag -> comparison.trendIds().stream()
                .anyMatch(id -> id.startsWith(TrendScope.GLOBAL + "|" + tag + "|")))
            .toList();
        assertThat(trended).as("this corpus's surges that trended globally, of %s", crash.surgeTags()).isNotEmpty();
        assertThat(comparison.ended()).as("trends that ended").isPositive();
        // The comparison can fail: a reference without the partition holding most updates differs from the topic.
        int dropped = replayed.entrySet().stream().max(Comparator.comparingInt(entry -> entry.getValue().size()))
            .orElseThrow().getKey();
        Map<Integer, List<KeyValue<String, TrendUpdate>>> wrong = new TreeMap<>(replayed);
        wrong.remove(dropped);
        TrendComparison againstWrong = TrendComparison.of(wrong.values(), writtenTrends());
        assertThat(againstWrong.differences()).as("differences from a replay without partition %d", dropped)
            .isNotEmpty();
        System.out.printf("CrashRecoveryIT %s trends: %d of %d surges trended globally; %d trend ids (%d ended) "
                + "compared, %d updates, differences %d (replay of %d hashtags partitions took %.1f s; without "
                + "partition %d: %d keys differ); the crash test took %.1f s%n", crash.name(), trended.size(), crash.surgeTags().size(),
                comparison.trendIds().size(), comparison.ended(),
                comparison.updates(), comparison.differences().size(), replayed.size(),
                replayTook.toMillis() / 1000.0, dropped, againstWrong.differences().size(),
                seconds(crash.startedAt(), Instant.now()));
    }

    /** @return the counter's settings as the app binds them from {@link #COUNTER_SETTINGS} */
    private static CounterSettings counterSettings() {
        return PropertiesBinding.bind(CounterProperties.class, COUNTER_SETTINGS.toArray(String[]::new)).toSettings();
    }

    /** @return the committed trends topic's updates, by partition, each in offset order */
    private static List<List<KeyValue<String, TrendUpdate>>> writtenTrends() {
        Deserializer<TrendUpdate> updates = new TrendUpdateSerde().deserializer();
        return CommittedRecords.read(pipeline.bootstrapServers(), Topics.TRENDS).values().stream()
            .map(records -> records.stream()
                .map(record -> KeyValue.pair(new String(record.key(), StandardCharsets.UTF_8),
                        updates.deserialize(Topics.TRENDS, record.value())))
                .toList())
            .toList();
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
