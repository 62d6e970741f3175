package io.tagpulse.local;

import java.io.IOException;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The six apps as processes over a three-node Kafka cluster (KRaft, every node broker and controller, replication
 * factor 3 and min.insync.replicas 2 for every topic, internal ones included; every producer acks=all), with a second
 * counter instance counting hours under an application id of its own, as the hourly Data Flow stream does. Two
 * {@link TrendCorpus} corpora go through the source one after the other at about 100 posts a second, each six minutes
 * of event time with a surge of new tags half way in; mid-surge of the first the node that leads the most partitions
 * of the hashtags topic is killed (SIGKILL), the pipeline must go on by itself, the node comes back on its data, and
 * once every partition is fully replicated again the node then leading the hashtags partitions is killed mid-surge of
 * the second. No app is restarted. Afterwards every 1 s, every hopping 1 min and every 1 h window in the database
 * must equal the brute-force count of the posts sent ({@link WindowOracle}): nothing lost by a failover, nothing
 * doubled by the retries it causes; and the committed trends topic must equal a replay of the committed hashtags
 * topic without any fault, update for update ({@link ReplayedTrends}). The time the pipeline stalled at each kill is
 * reported: the longest time, from the kill until the stored counts caught up with the posts sent, in which the
 * database's count of mentions did not grow (against the longest such pause before the first kill).
 */
@Tag("slow")
class ClusterFailoverIT {

    private static final long SECOND = 1_000;

    /** The counter's default hopping windows: 1 min, starting every 10 s. */
    private static final long HOP_SIZE = 60_000;

    private static final long HOP_ADVANCE = 10_000;

    private static final long HOUR = 3_600_000;

    /** Posts a batch; a batch every 250 ms: about 100 posts a second. */
    private static final int BATCH = 25;

    private static final Duration BATCH_PAUSE = Duration.ofMillis(250);

    /** How much event time each corpus covers. */
    private static final Duration CORPUS_SPAN = Duration.ofMinutes(6);

    private static final Pattern ACKS = Pattern.compile("^\\s*acks = (\\S+)$", Pattern.MULTILINE);

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(ClusterFailoverIT.class);

    private static KafkaCluster cluster;

    private static LocalPipeline pipeline;

    private static Admin admin;

    private static Path workDir;

    private static Map<String, Long> appPids;

    private static int hashtagsPartitions;

    @BeforeAll
    // Three Kafka nodes and six apps starting together: minutes on two loaded cores.
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    static void startPipelineOnACluster() throws IOException {
        LocalPipeline.Options defaults = PipelineRun.options("cluster-");
        workDir = defaults.workDir();
        cluster = KafkaCluster.start(defaults.home().resolve("broker-lib"), workDir.resolve("kafka"), 3, "256m");
        // The apps stop cleanly only while the cluster runs.
        RUN.closeAfterwards(cluster);
        cluster.awaitReady(Duration.ofMinutes(2));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000));
        await("three brokers in the cluster").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
            .until(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == 3);
        pipeline = RUN.start(defaults.withExternalKafka(cluster.bootstrapServers(), 3, 2)
            .withArguments("counter", ReplayedTrends.counterArguments()));
        pipeline.startInstance("hourly-counter", "counter", PipelineRun.HOURLY_COUNTER);
        RUN.rememberPids();
        appPids = pipeline.pids();
        try {
            hashtagsPartitions = admin.describeTopics(List.of(Topics.HASHTAGS)).allTopicNames()
                .get(20, TimeUnit.SECONDS).get(Topics.HASHTAGS).partitions().size();
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("the hashtags topic could not be described", ex);
        }
        RUN.report("cluster and six apps ready in %.0f s".formatted(PipelineRun.seconds(RUN.startedNanos())));
    }

    @AfterAll
    static void stopEverything() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldCountAndTrendExactlyWhileTheLeaderOfTheHashtagsIsKilledTwiceWithoutRestartingAnApp() throws Exception {
        // In the past, so that both corpora fit before now, and well within the counter's max delay (1 h).
        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        TrendCorpus firstCorpus = new TrendCorpus(1, "cluster-a-", eventTime, CORPUS_SPAN, hashtagsPartitions);
        TrendCorpus secondCorpus = new TrendCorpus(2, "cluster-b-", firstCorpus.end(), CORPUS_SPAN,
                hashtagsPartitions);
        List<Corpus.CountedPost> sent = new ArrayList<>();
        List<Integer> killed = new ArrayList<>();
        awaitFullyReplicated();
        try (Progress progress = Progress.start()) {
            sent.addAll(firstCorpus.countedPosts());
            Kill first = killMidSurge(firstCorpus, Set.of());
            killed.add(first.node());
            double before = progress.longestPauseSince(progress.startNanos(), first.atNanos());
            double firstStall = awaitCaughtUp(sent, progress, first);

            cluster.restart(first.node(), Duration.ofMinutes(2));
            long rejoin = System.nanoTime();
            awaitFullyReplicated();
            double rejoinSeconds = PipelineRun.seconds(rejoin);

            sent.addAll(secondCorpus.countedPosts());
            Kill second = killMidSurge(secondCorpus, Set.of(first.node()));
            killed.add(second.node());
            double secondStall = awaitCaughtUp(sent, progress, second);

            RUN.report(("longest pause of the stored counts before any kill %.1f s; node %d (led the hashtags) "
                    + "killed mid-surge: stalled %.1f s; back and fully replicated %.0f s after its restart; node %d "
                    + "killed mid-surge: stalled %.1f s (session timeout %d s)").formatted(before, first.node(),
                    firstStall, rejoinSeconds, second.node(), secondStall, KafkaCluster.SESSION_TIMEOUT.toSeconds()));
        }

        long settle = System.nanoTime();
        Map<Long, Map<String, Map<Long, Long>>> expected = new LinkedHashMap<>();
        expected.put(SECOND, WindowOracle.counts(sent, SECOND, SECOND));
        expected.put(HOP_SIZE, WindowOracle.counts(sent, HOP_SIZE, HOP_ADVANCE));
        expected.put(HOUR, WindowOracle.counts(sent, HOUR, HOUR));
        expected.forEach((size, counts) -> await("every window of %d ms exact".formatted(size))
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(PipelineRun.differences(counts,
                    SinkDatabase.counts(pipeline.databaseUrl(), size)))
                .as("windows of %d ms whose stored count is not the brute force's", size)
                .isEmpty()));
        Map<Long, Long> rows = new LinkedHashMap<>();
        expected.forEach((size, counts) -> rows.put(size, WindowOracle.rows(counts)));
        RUN.report(("%d posts through nodes %s killed: every window exact %.0f s after the last post was sent, rows "
                + "compared by window size (ms) %s").formatted(sent.size(), killed, PipelineRun.seconds(settle),
                        rows));
        RUN.report("trends: " + ReplayedTrends.assertAsReplayed(cluster.bootstrapServers(),
                List.of(firstCorpus.surgeTags(), secondCorpus.surgeTags()), workDir));

        assertThat(pipeline.pids()).as("no app restarted").isEqualTo(appPids);
        assertEveryProducerAcksAll();
    }

    /** A node killed, and when. */
    private record Kill(int node, long atNanos) {
    }

    /**
     * Sends a corpus and, after seven twelfths of it (in its surge), kills the node then leading the most hashtags
     * partitions, of those not excluded; returns once the whole corpus was sent, the load having gone on after the kill.
     */
    private static Kill killMidSurge(TrendCorpus corpus, Set<Integer> excluded) throws Exception {
        CorpusSender sender = CorpusSender.start(new SourceClient(pipeline), corpus.batches(BATCH), BATCH_PAUSE);
        sender.awaitAttemptedMoreThan(sender.batches() * 7 / 12, Duration.ofMinutes(1));
        int attempted = sender.attempted();
        assertThat(corpus.midSurge(attempted * BATCH)).as("the kill strikes mid-surge (%d of %d posts sent)",
                attempted * BATCH, corpus.size()).isTrue();
        int node = leaderOfTheHashtags(excluded);
        long at = System.nanoTime();
        cluster.kill(node);
        assertThat(sender.attempted()).as("batches sent when the node was killed (the load must go on after it)")
            .isLessThan(sender.batches());
        sender.awaitAll(Duration.ofMinutes(4));
        return new Kill(node, at);
    }

    /**
     * Waits until the stored 1 s counts sum to the mentions of the posts sent (the pipeline caught up after the kill),
     * and returns how long the stored counts stalled from the kill on, in seconds.
     */
    private static double awaitCaughtUp(List<Corpus.CountedPost> sent, Progress progress, Kill kill) {
        long mentions = WindowOracle.counts(sent, SECOND, SECOND).values().stream()
            .flatMap(windows -> windows.values().stream())
            .mapToLong(Long::longValue)
            .sum();
        await("the stored counts caught up with the %d mentions sent".formatted(mentions))
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> progress.latest() >= mentions);
        return progress.longestPauseSince(kill.atNanos(), System.nanoTime());
    }

    /**
     * The producers the apps really created (Kafka logs each producer's configuration when it makes one) all use
     * acks=all (-1). An app that had nothing to send (no dead letter, say) may have made none.
     */
    private static void assertEveryProducerAcksAll() throws IOException {
        Map<String, Integer> producers = new TreeMap<>();
        for (String app : LocalPipeline.APPS) {
            Path log = workDir.resolve("logs").resolve(app + "-app.log");
            List<String> acks = new ArrayList<>();
            Matcher matcher = ACKS.matcher(Files.readString(log));
            while (matcher.find()) {
                acks.add(matcher.group(1));
            }
            assertThat(acks).as("acks of every producer in " + log).allSatisfy(value -> assertThat(value)
                .isEqualTo("-1"));
            producers.put(app, acks.size());
        }
        RUN.report("producers made, all acks=all, by app: " + producers);
        assertThat(producers).as("producers made by the apps that send").allSatisfy((app, count) -> {
            if (Set.of("source", "processor", "filter", "counter").contains(app)) {
                assertThat(count).as(app).isPositive();
            }
        });
    }

    /** @return the node leading the most partitions of the hashtags topic, of those not excluded */
    private static int leaderOfTheHashtags(Set<Integer> excluded) throws Exception {
        TopicDescription hashtags = admin.describeTopics(List.of(Topics.HASHTAGS)).allTopicNames()
            .get(20, TimeUnit.SECONDS).get(Topics.HASHTAGS);
        Map<Integer, Long> led = hashtags.partitions().stream()
            .map(TopicPartitionInfo::leader)
            .filter(Objects::nonNull)
            .map(Node::id)
            .filter(id -> !excluded.contains(id))
            .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertThat(led).as("leaders of " + hashtags.partitions()).isNotEmpty();
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Waits until every partition of every topic, internal ones included, has all its replicas in sync. */
    private static void awaitFullyReplicated() {
        await("every partition fully replicated").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(() -> {
                Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                    .listInternal(true)).names().get(10, TimeUnit.SECONDS);
                Collection<TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(10, TimeUnit.SECONDS).values();
                return topics.stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null
                            && partition.isr().size() == partition.replicas().size()
                            && partition.replicas().size() == 3);
            });
    }

    /**
     * Samples, every 250 ms on a thread of its own, the sum of the stored 1 s counts (running totals, so it grows with
     * every count written), so the pauses in its growth can be measured: a failover shows as one much longer than the
     * pipeline's usual latency.
     */
    private static final class Progress implements AutoCloseable {

        private final List<long[]> samples = new ArrayList<>();

        private final Thread sampler;

        private final long startNanos = System.nanoTime();

        private volatile boolean stopping;

        private volatile long latest;

        private Progress() {
            sampler = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(pipeline.databaseUrl(), "sa", "");
                        PreparedStatement sum = connection.prepareStatement("SELECT COALESCE(SUM(mention_count), 0) "
                                + "FROM hashtag_counts WHERE window_size_ms = ?")) {
                    sum.setLong(1, SECOND);
                    while (!stopping) {
                        try (ResultSet row = sum.executeQuery()) {
                            row.next();
                            long now = System.nanoTime();
                            latest = row.getLong(1);
                            synchronized (samples) {
                                samples.add(new long[] { now, latest });
                            }
                        }
                        TimeUnit.MILLISECONDS.sleep(250);
                    }
                }
                catch (SQLException | InterruptedException ex) {
                    if (!stopping) {
                        System.err.println("progress sampling stopped: " + ex);
                    }
                }
            }, "cluster-progress");
            sampler.setDaemon(true);
            sampler.start();
        }

        static Progress start() {
            return new Progress();
        }

        long startNanos() {
            return startNanos;
        }

        /** @return the latest sum of the stored 1 s counts */
        long latest() {
            return latest;
        }

        /**
         * @return the longest time, in seconds, from the last sample at or before {@code fromNanos} to
         *     {@code toNanos}, during which the stored sum did not grow (from its first growth on, when measured from
         *     the start)
         */
        double longestPauseSince(long fromNanos, long toNanos) {
            List<long[]> copy;
            synchronized (samples) {
                copy = samples.stream().filter(sample -> sample[0] <= toNanos).toList();
            }
            long longest = 0;
            long since = -1;
            long value = -1;
            for (long[] sample : copy) {
                if (sample[0] < fromNanos || since < 0 || value <= 0) {
                    since = sample[0];
                    value = sample[1];
                    continue;
                }
                if (sample[1] > value) {
                    longest = Math.max(longest, sample[0] - since);
                    since = sample[0];
                    value = sample[1];
                }
            }
            if (since >= 0 && !copy.isEmpty()) {
                longest = Math.max(longest, copy.get(copy.size() - 1)[0] - since);
            }
            return longest / 1e9;
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            sampler.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
