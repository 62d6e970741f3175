package io.tagpulse.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.tagpulse.contracts.Topics;
import io.tagpulse.local.LateMentionsTopic.Late;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event time under catch-up, on the six apps as separate processes over a real broker and the real embedded
 * database, with the default lateness settings (10 s grace, 30 s idle timeout, 1 h max delay): mentions that wait in
 * Kafka while a stage catches up, is frozen or restarts were posted on time, so every one must be counted in the
 * window of its post's {@code createdAt}, and none may be classed late. These are the situations of issue 15, where
 * lateness measured against the newest event time of a mentions partition sent 30-70 % of mentions to the late topic,
 * and one post dated minutes ahead made the real-time posts of its partition late.
 * <p>
 * One pipeline serves the scenarios in order; each has a tag namespace of its own ({@code backlog_*},
 * {@code pause_*}, {@code crash_*}, {@code restart_*}, {@code clock_*}), and every 1 s window of every tag of the namespace in the
 * database must equal the brute-force count of the posts sent ({@link TimedPosts}). A scenario first waits until
 * every one of its mentions is accounted for (counted, or in the late topic), then compares, and prints its
 * figures either way. Last, a post that is truly late (two days old) is sent as a marker: once it is in the late
 * topic, it must be the only post there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventTimeCatchUpIT {

    private static final long WINDOW_MILLIS = 1000;

    /** The stages between the source and the sink: left for later at start-up, so a backlog waits for them. */
    private static final String[] COUNTING_STAGES = {"counter", "processor", "filter"};

    /** A live feed of 100 posts a second. */
    private static final int LIVE_BATCH = 25;

    private static final Duration LIVE_PERIOD = Duration.ofMillis(250);

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(EventTimeCatchUpIT.class);

    private static LocalPipeline pipeline;

    private static SourceClient source;

    private static LateMentionsTopic lateTopic;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void startPipelineWithoutTheCountingStages() throws IOException {
        // The counter's own lateness settings: no longer grace to hide what this test is about.
        pipeline = RUN.start(PipelineRun.options("catchup-"), Set.of(COUNTING_STAGES));
        source = new SourceClient(pipeline);
        lateTopic = new LateMentionsTopic(pipeline.bootstrapServers());
    }

    @AfterAll
    static void stopPipeline() {
        if (lateTopic != null) {
            lateTopic.close();
        }
    }

    /**
     * 20,000 posts (and 2 % of them again, as redeliveries) from the last 100 s wait in the posts topic when the
     * filter, the processor and the counter start. Each upstream partition holds them in event-time order, out of
     * order by under 1 s; the processor interleaves the partitions' backlogs as it reads them.
     */
    @Test
    @Order(1)
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void shouldCountABacklogWaitingAtStartUpExactly() throws Exception {
        long started = System.nanoTime();
        TimedPosts posts = new TimedPosts("backlog", 48, 151, WINDOW_MILLIS);
        Instant now = Instant.now();
        List<String> lines = posts.backlog(20_000, now.minusSeconds(100), now, 0.02);
        source.postAll(lines, 500);
        String sent = "%d posts sent (%d of them twice) in %.1f s".formatted(posts.posts(), posts.duplicates(),
                PipelineRun.seconds(started));
        long starting = System.nanoTime();
        pipeline.startApps(COUNTING_STAGES);
        RUN.rememberPids();
        String note = sent + "; then filter, processor and counter healthy in %.1f s"
            .formatted(PipelineRun.seconds(starting));

        Figures figures = awaitAccounted("1 backlog at start-up", note, posts, Duration.ofMinutes(3), started);
        figures.assertExact(posts);
    }

    /** A live feed of 100 posts a second; 8 s in, the processor is frozen (SIGSTOP) for 20 s, then goes on. */
    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldCountExactlyThroughATwentySecondPauseOfTheProcessor() throws Exception {
        countExactlyThroughAFault("2 processor paused 20 s", "pause", 152, feed -> {
            // The length of the fault, not a wait for a result.
            whileTheProcessorIsFrozen(() -> TimeUnit.SECONDS.sleep(20));
            return "%d posts at 100/s, processor paused 20 s after the first 800";
        });
    }

    /**
     * A live feed of 100 posts a second; 8 s in, the counter is killed (SIGKILL); 1,000 posts later it is started
     * again, on the state and offsets it last committed.
     */
    @Test
    @Order(3)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldCountExactlyThroughAKillAndRestartOfTheCounter() throws Exception {
        countExactlyThroughAFault("3 counter killed", "crash", 153, feed -> {
            long restartSeconds = killCounterAndRestartIt("counter-killed", () -> feed.awaitMore(1_000));
            return "%d posts at 100/s, counter killed after the first 800, restarted 1,000 later (healthy in "
                    + restartSeconds + " s)";
        });
    }

    /**
     * The counter is killed (SIGKILL) while the processor is frozen (SIGSTOP), so the posts of the next 20 s pile up
     * before the processor; the processor then goes on, reading that backlog a block of one partition after another,
     * and the counter restarts into the interleaved mentions, on the state, watermarks and offsets it last committed.
     */
    @Test
    @Order(4)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldCountExactlyWhenTheCounterRestartsIntoABacklogThePausedProcessorInterleaved() throws Exception {
        countExactlyThroughAFault("4 counter restarted into an interleaved backlog", "restart", 155, feed -> {
            long restartSeconds = killCounterAndRestartIt("counter-killed-again",
                    () -> whileTheProcessorIsFrozen(() -> feed.awaitMore(2_000)));
            return "%d posts at 100/s, counter killed and processor frozen after the first 800, processor on and "
                    + "counter restarted 2,000 later (healthy in " + restartSeconds + " s)";
        });
    }

    /** A fault injected into a live feed; @return the scenario's note, with {@code %d} for the posts sent */
    @FunctionalInterface
    private interface Fault {
        String inject(LiveSender feed) throws Exception;
    }

    /** A step of a fault: wait for more posts, freeze a stage, ... */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * A live feed of 100 posts a second under the scenario's 48 tags ({@code prefix_*}); after the first 800 posts
     * the fault, then 800 more; then every mention must be counted in the window of its post, none late.
     */
    private static void countExactlyThroughAFault(String scenario, String prefix, long seed, Fault fault)
            throws Exception {
        TimedPosts posts = new TimedPosts(prefix, 48, seed, WINDOW_MILLIS);
        startCountingStagesIfLeftForLater();
        long started = System.nanoTime();
        String note;
        try (LiveSender feed = LiveSender.start(source, posts, LIVE_BATCH, LIVE_PERIOD, true)) {
            feed.awaitMore(800);
            note = fault.inject(feed);
            feed.awaitMore(800);
        }
        awaitAccounted(scenario, note.formatted(posts.posts()), posts, Duration.ofMinutes(2), started)
            .assertExact(posts);
    }

    /**
     * Kills the counter (SIGKILL), runs {@code whileDown}, then starts it again on the state and offsets it last
     * committed; @return the seconds it took to be healthy again
     */
    private static long killCounterAndRestartIt(String killedName, Step whileDown) throws Exception {
        RUN.rememberPid(killedName, pipeline.pids().get("counter"));
        pipeline.kill("counter");
        whileDown.run();
        long restart = System.nanoTime();
        pipeline.restart("counter");
        RUN.rememberPids();
        return Math.round(PipelineRun.seconds(restart));
    }

    /**
     * One post dated 4 minutes ahead (a wrong clock; the source accepts up to 5 minutes), under a tag of its own; then
     * a live feed of posts dated when they are sent, under 64 tags that reach every partition of the mentions topic,
     * that of the early post's tag included. The live posts are counted exactly, and the early post once, in a window
     * near the time it reached the pipeline, not 4 minutes ahead.
     */
    @Test
    @Order(5)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldCountAPostDatedAheadAtItsArrivalWithoutMakingLaterPostsLate() throws Exception {
        startCountingStagesIfLeftForLater();
        long started = System.nanoTime();
        TimedPosts posts = new TimedPosts("clock", 64, 154, WINDOW_MILLIS);
        String aheadTag = "aheadofclock";
        int partitions = partitionCount(Topics.HASHTAGS);
        Set<Integer> reached = posts.tags().stream().map(tag -> partitionOf(tag, partitions))
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(reached).as("partitions of %s the live tags reach", Topics.HASHTAGS)
            .hasSize(partitions)
            .contains(partitionOf(aheadTag, partitions));

        Instant sentAt = Instant.now();
        source.post(post("ahead-1", aheadTag, sentAt.plus(Duration.ofMinutes(4))) + "\n");
        try (LiveSender feed = LiveSender.start(source, posts, LIVE_BATCH, LIVE_PERIOD, false)) {
            feed.awaitMore(1_200);
        }
        String note = "1 post dated 4 min ahead (#%s, partition %d of %d), then %d live posts"
            .formatted(aheadTag, partitionOf(aheadTag, partitions), partitions, posts.posts());

        Callable<Boolean> aheadAccounted = () -> !storedCounts(tag -> tag.equals(aheadTag)).isEmpty()
                || lateTopic.readAll().stream().anyMatch(late -> late.tag().equals(aheadTag));
        Figures figures = awaitAccounted("5 one post 4 min ahead", note, posts, Duration.ofMinutes(2), started,
                aheadAccounted);
        Map<Long, Long> ahead = storedCounts(tag -> tag.equals(aheadTag)).getOrDefault(aheadTag, Map.of());
        String aheadFigures = "#%s sent at %s: stored %s (window start -> count)".formatted(aheadTag, sentAt,
                ahead.entrySet().stream().map(entry -> Instant.ofEpochMilli(entry.getKey()) + " -> " + entry.getValue())
                    .toList());
        RUN.report(aheadFigures);

        SoftAssertions softly = new SoftAssertions();
        figures.assertExact(softly, posts);
        softly.assertThat(ahead).as("windows of the post dated ahead: %s", aheadFigures).hasSize(1);
        softly.assertThat(ahead.values()).as("its count").containsExactly(1L);
        softly.assertThat(ahead.keySet().stream().map(Instant::ofEpochMilli).toList())
            .as("its window, near its arrival (sent at %s), not 4 minutes ahead", sentAt)
            .allSatisfy(start -> assertThat(start).isBetween(sentAt.minusSeconds(5), sentAt.plusSeconds(15)));
        softly.assertAll();
    }

    /**
     * A marker that is truly late: a post created two days ago, under a tag of its own. Once it is in the late topic,
     * everything before it has been decided, and it must be the only post there: no mention of the scenarios above
     * was late.
     */
    @Test
    @Order(6)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldClassAsLateOnlyWhatIsTrulyLate() throws Exception {
        startCountingStagesIfLeftForLater();
        String markerId = "late-marker-1";
        String markerTag = "latemarker";
        source.post(post(markerId, markerTag, Instant.now().minus(Duration.ofDays(2))) + "\n");

        List<Late> all;
        try (LateMentionsTopic fromTheBeginning = new LateMentionsTopic(pipeline.bootstrapServers())) {
            all = await("the marker in " + Topics.LATE_MENTIONS).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(fromTheBeginning::readAll, records -> records.stream()
                    .anyMatch(late -> late.postId().equals(markerId)));
        }
        Map<String, Long> othersByNamespace = all.stream().filter(late -> !late.postId().equals(markerId))
            .collect(Collectors.groupingBy(late -> late.tag().replaceFirst("_\\d+$", ""), TreeMap::new,
                    Collectors.counting()));
        long markerRecords = all.size() - othersByNamespace.values().stream().mapToLong(Long::longValue).sum();
        RUN.report("6 late topic: %d records, %d of them the marker's; others by tag namespace: %s".formatted(all.size(),
                markerRecords, othersByNamespace));

        assertThat(othersByNamespace).as("records in %s besides the truly late marker's, by tag namespace",
                Topics.LATE_MENTIONS).isEmpty();
        assertThat(all).as("the marker's records").isNotEmpty()
            .allSatisfy(late -> assertThat(late.tag()).isEqualTo(markerTag));
        assertThat(storedCounts(tag -> tag.equals(markerTag))).as("counts of the truly late marker").isEmpty();
    }

    /** Freezes the processor (SIGSTOP) for the step, then lets it go on (SIGCONT), whatever the step does. */
    private static void whileTheProcessorIsFrozen(Step step) throws Exception {
        pipeline.pause("processor");
        try {
            step.run();
        }
        finally {
            pipeline.resume("processor");
        }
    }

    /** Lets the scenarios run on their own too (the first one starts these stages after its backlog). */
    private static void startCountingStagesIfLeftForLater() {
        List<String> notStarted = Arrays.stream(COUNTING_STAGES)
            .filter(app -> !pipeline.pids().containsKey(app))
            .toList();
        if (!notStarted.isEmpty()) {
            pipeline.startApps(notStarted.toArray(String[]::new));
        }
    }

    private static Figures awaitAccounted(String scenario, String note, TimedPosts posts, Duration atMost,
            long started) throws SQLException {
        return awaitAccounted(scenario, note, posts, atMost, started, () -> true);
    }

    /**
     * Waits until every mention of the scenario is accounted for, either counted in the database or in the late
     * topic (the counter counts each mention in a window or writes it there, never both), so that the comparison
     * that follows sees the pipeline's final answer; reports the figures, whether it comes to that or not.
     */
    private static Figures awaitAccounted(String scenario, String note, TimedPosts posts, Duration atMost,
            long started, Callable<Boolean> andAlso) throws SQLException {
        try {
            await(scenario + ": every mention counted or classed late").atMost(atMost)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> figures(posts).accounted() && andAlso.call());
        }
        finally {
            Figures figures = figures(posts);
            RUN.report("%s (%.0f s): %s; %s".formatted(scenario, PipelineRun.seconds(started), note, figures));
        }
        return figures(posts);
    }

    /** What the pipeline made of a scenario's posts: its tags' rows in the database and late-topic records. */
    private record Figures(Map<String, Map<Long, Long>> stored, long windowsExpected, long windowsStored,
            long windowsEqual, long mentionsExpected, long mentionsStored, long lateMentions, long latePosts) {

        boolean accounted() {
            return mentionsStored + lateMentions >= mentionsExpected;
        }

        void assertExact(TimedPosts posts) {
            SoftAssertions softly = new SoftAssertions();
            assertExact(softly, posts);
            softly.assertAll();
        }

        /**
         * Every window of every tag of the scenario, compared in full with the brute force: the windows of either
         * side whose counts differ (a window on one side only included) must be none.
         */
        void assertExact(SoftAssertions softly, TimedPosts posts) {
            softly.assertThat(lateMentions).as("%s_* mentions in %s (%d posts); all were posted minutes ago at most",
                    posts.prefix(), Topics.LATE_MENTIONS, latePosts).isZero();
            List<String> differences = PipelineRun.differences(posts.expectedCounts(), stored);
            softly.assertThat(differences.size()).as("1 s windows of %s_* whose stored count is not the brute "
                    + "force's (%s); the first ones: %s", posts.prefix(), this,
                    differences.subList(0, Math.min(10, differences.size()))).isZero();
        }

        @Override
        public String toString() {
            return "windows expected %d, stored %d, stored and equal %d; mentions expected %d, stored %d, late %d (of %d posts)"
                .formatted(windowsExpected, windowsStored, windowsEqual, mentionsExpected, mentionsStored,
                        lateMentions, latePosts);
        }
    }

    private static Figures figures(TimedPosts posts) throws SQLException {
        String namespace = posts.prefix() + "_";
        Map<String, Map<Long, Long>> expected = posts.expectedCounts();
        Map<String, Map<Long, Long>> stored = storedCounts(tag -> tag.startsWith(namespace));
        long windowsExpected = expected.values().stream().mapToLong(Map::size).sum();
        long windowsStored = stored.values().stream().mapToLong(Map::size).sum();
        long windowsEqual = expected.entrySet().stream()
            .flatMap(tag -> tag.getValue().entrySet().stream()
                .filter(window -> window.getValue().equals(stored.getOrDefault(tag.getKey(), Map.of())
                    .get(window.getKey()))))
            .count();
        long mentionsStored = stored.values().stream().flatMap(windows -> windows.values().stream())
            .mapToLong(Long::longValue).sum();
        // The late topic has a record per closed window a mention missed; its 1 s window is the one compared here.
        List<Late> late = lateTopic.readAll().stream()
            .filter(record -> record.windowMillis() == WINDOW_MILLIS && record.tag().startsWith(namespace))
            .toList();
        long latePosts = late.stream().map(Late::postId).distinct().count();
        return new Figures(stored, windowsExpected, windowsStored, windowsEqual, posts.mentions(), mentionsStored,
                late.size(), latePosts);
    }

    private static Map<String, Map<Long, Long>> storedCounts(Predicate<String> tags) throws SQLException {
        return PipelineRun.storedCounts(pipeline, WINDOW_MILLIS, tags);
    }

    /** One post under one tag, as NDJSON without the line end. */
    private static String post(String id, String tag, Instant createdAt) {
        return "{\"id\":\"%s\",\"platform\":\"e2e\",\"author\":\"clock\",\"language\":\"en\",\"text\":\"one post #%s\",\"createdAt\":\"%s\"}"
            .formatted(id, tag, createdAt.truncatedTo(ChronoUnit.MILLIS));
    }

    private static int partitionCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Observer.open(pipeline.bootstrapServers())) {
            return consumer.partitionsFor(topic, Duration.ofSeconds(10)).size();
        }
    }

    /** @return the partition Kafka's default partitioner gives a mention keyed by this tag (murmur2 of its bytes) */
    private static int partitionOf(String tag, int partitions) {
        return Utils.toPositive(Utils.murmur2(tag.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
