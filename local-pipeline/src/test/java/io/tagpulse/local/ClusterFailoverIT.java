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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * factor 3 and min.insync.replicas 2 for every topic, internal ones included; every producer acks=all). A live feed
 * of posts goes through the source at a steady rate; mid-load the node that leads the most partitions of the
 * hashtags topic is killed (SIGKILL), the pipeline must go on by itself, the node comes back on its data, and once
 * every partition is fully replicated again the node then leading the hashtags partitions is killed in turn. No app
 * is restarted. Afterwards every 1 s and every hopping 1 min window in the database must equal the brute-force count
 * of the posts sent ({@link TimedPosts}): nothing lost by a failover, nothing doubled by the retries it causes.
 * The time the pipeline stalled at each kill is reported: the longest time, from the kill on, in which the
 * database's count of the feed's mentions did not grow (against the longest such pause before the first kill).
 */
@Tag("slow")
class ClusterFailoverIT {

    private static final long WINDOW_MILLIS = 1000;

    /** The counter's default hopping windows: 1 min, starting every 10 s. */
    private static final long HOP_SIZE_MILLIS = 60_000;

    private static final long HOP_ADVANCE_MILLIS = 10_000;

    /** A live feed of 100 posts a second. */
    private static final int LIVE_BATCH = 20;

    private static final Duration LIVE_PERIOD = Duration.ofMillis(200);

    private static final Pattern ACKS = Pattern.compile("^\\s*acks = (\\S+)$", Pattern.MULTILINE);

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(ClusterFailoverIT.class);

    private static KafkaCluster cluster;

    private static LocalPipeline pipeline;

    private static Admin admin;

    private static Path workDir;

    private static Map<String, Long> appPids;

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
        pipeline = RUN.start(defaults.withExternalKafka(cluster.bootstrapServers(), 3, 2));
        appPids = pipeline.pids();
        RUN.report("cluster and six apps ready in %.0f s".formatted(PipelineRun.seconds(RUN.startedNanos())));
    }

    @AfterAll
    static void stopEverything() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldCountExactlyWhileTheLeaderOfTheHashtagsIsKilledTwiceWithoutRestartingAnApp() throws Exception {
        TimedPosts posts = new TimedPosts("cluster", 48, 181, WINDOW_MILLIS);
        List<Integer> killed = new ArrayList<>();
        try (LiveSender feed = LiveSender.start(new SourceClient(pipeline), posts, LIVE_BATCH, LIVE_PERIOD, true);
                Progress progress = Progress.start(posts.prefix())) {
            feed.awaitMore(1_000);
            awaitFullyReplicated();
            double before = progress.longestPauseSince(progress.startNanos());

            int first = leaderOfTheHashtags(Set.of());
            long firstKill = System.nanoTime();
            cluster.kill(first);
            killed.add(first);
            feed.awaitMore(1_500);
            double firstStall = progress.longestPauseSince(firstKill);

            cluster.restart(first, Duration.ofMinutes(2));
            long rejoin = System.nanoTime();
            awaitFullyReplicated();
            double rejoinSeconds = PipelineRun.seconds(rejoin);
            feed.awaitMore(500);

            int second = leaderOfTheHashtags(Set.of(first));
            long secondKill = System.nanoTime();
            cluster.kill(second);
            killed.add(second);
            feed.awaitMore(1_500);
            double secondStall = progress.longestPauseSince(secondKill);

            RUN.report(("longest pause of the stored counts before any kill %.1f s; node %d (led the hashtags) "
                    + "killed: stalled %.1f s; back and fully replicated %.0f s after its restart; node %d killed: stalled "
                    + "%.1f s (session timeout %d s)").formatted(before, first, firstStall, rejoinSeconds, second,
                    secondStall, KafkaCluster.SESSION_TIMEOUT.toSeconds()));
        }

        long settle = System.nanoTime();
        Map<String, Map<Long, Long>> expected = posts.expectedCounts();
        await("every 1 s window of the feed exact").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(PipelineRun.differences(expected, stored(posts.prefix(), WINDOW_MILLIS)))
                .as("1 s windows whose stored count is not the brute force's")
                .isEmpty());
        Map<String, Map<Long, Long>> hopping = hopping(expected);
        await("every 1 min hopping window of the feed exact").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(PipelineRun.differences(hopping, stored(posts.prefix(), HOP_SIZE_MILLIS)))
                .as("hopping windows whose stored count is not the brute force's")
                .isEmpty());
        RUN.report(("%d posts (%d mentions) at 100/s through nodes %s killed: every 1 s window (%d) and 1 min window "
                + "(%d) exact %.0f s after the feed stopped").formatted(posts.posts(), posts.mentions(), killed,
                        expected.values().stream().mapToInt(Map::size).sum(),
                        hopping.values().stream().mapToInt(Map::size).sum(), PipelineRun.seconds(settle)));

        assertThat(pipeline.pids()).as("no app restarted").isEqualTo(appPids);
        assertEveryProducerAcksAll();
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

    /** @return the stored windows of one size of the tags in the namespace, by tag and window start */
    private static Map<String, Map<Long, Long>> stored(String prefix, long windowMillis) throws SQLException {
        return PipelineRun.storedCounts(pipeline, windowMillis, tag -> tag.startsWith(prefix + "_"));
    }

    /**
     * @return the hopping windows' counts, summed from the 1 s windows they cover: every window that starts at a
     *     multiple of the advance and holds at least one of them
     */
    private static Map<String, Map<Long, Long>> hopping(Map<String, Map<Long, Long>> seconds) {
        Map<String, Map<Long, Long>> hopping = new TreeMap<>();
        seconds.forEach((tag, windows) -> windows.forEach((second, count) -> {
            long lastStart = Math.floorDiv(second, HOP_ADVANCE_MILLIS) * HOP_ADVANCE_MILLIS;
            for (long start = lastStart; start > second - HOP_SIZE_MILLIS; start -= HOP_ADVANCE_MILLIS) {
                hopping.computeIfAbsent(tag, k -> new TreeMap<>()).merge(start, count, Long::sum);
            }
        }));
        return hopping;
    }

    /**
     * Samples, every 250 ms on a thread of its own, the sum of the 1 s counts of the feed's tags in the database, so
     * the pauses in its growth can be measured: a failover shows as one much longer than the feed's usual latency.
     */
    private static final class Progress implements AutoCloseable {

        private final List<long[]> samples = new ArrayList<>();

        private final Thread sampler;

        private final long startNanos = System.nanoTime();

        private volatile boolean stopping;

        private Progress(String prefix) {
            sampler = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(pipeline.databaseUrl(), "sa", "");
                        PreparedStatement sum = connection.prepareStatement("SELECT COALESCE(SUM(mention_count), 0) "
                                + "FROM hashtag_counts WHERE window_size_ms = ? AND tag LIKE ?")) {
                    sum.setLong(1, WINDOW_MILLIS);
                    sum.setString(2, prefix + "\\_%");
                    while (!stopping) {
                        try (ResultSet row = sum.executeQuery()) {
                            row.next();
                            long now = System.nanoTime();
                            synchronized (samples) {
                                samples.add(new long[] { now, row.getLong(1) });
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
            }, "progress-" + prefix);
            sampler.setDaemon(true);
            sampler.start();
        }

        static Progress start(String prefix) {
            return new Progress(prefix);
        }

        long startNanos() {
            return startNanos;
        }

        /**
         * @return the longest time, in seconds, between the last sample at or before {@code fromNanos} and now,
         *     during which the stored sum did not grow (from its first growth on, when measured from the start)
         */
        double longestPauseSince(long fromNanos) {
            List<long[]> copy;
            synchronized (samples) {
                copy = new ArrayList<>(samples);
            }
            long longest = 0;
            long since = -1;
            long value = -1;
            for (long[] sample : copy) {
                if (sample[0] < fromNanos) {
                    since = sample[0];
                    value = sample[1];
                    continue;
                }
                if (since < 0 || value <= 0) {
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
