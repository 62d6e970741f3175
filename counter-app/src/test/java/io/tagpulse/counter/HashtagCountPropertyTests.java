package io.tagpulse.counter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.window.EmitMode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random corpora (seeded, so a failure is reproducible: the seed is in the test name) with random window
 * sizes, hopping, grace, emit mode, up to four upstream partitions interleaved adversarially in blocks (as the
 * processor reads a backlog) and disorder within each partition, including posts later than grace: the counts of
 * every window, the late mentions equal a brute-force computation from the corpus
 * and the watermarks alone, and no mention is late unless its own partition had moved past its window first.
 */
class HashtagCountPropertyTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Instant WALL_CLOCK = Instant.parse("2026-01-01T00:05:00Z");

    private static final List<String> TAGS = List.of("kafka", "java", "spring", "streams", "rocks", "flink", "jvm",
            "trend");

    @TempDir
    Path stateDir;

    record Mention(String tag, long ts) {
    }

    record Family(long size, long advance) {

        List<Long> startsOf(long ts) {
            List<Long> starts = new ArrayList<>();
            long first = Math.max(0, ts - ts % advance - (size - advance));
            for (long start = first - first % advance; start <= ts; start += advance) {
                if (ts < start + size) {
                    starts.add(start);
                }
            }
            return starts;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })
    void shouldMatchABruteForceComputation(long seed) {
        Random random = new Random(seed);
        long size = 1_000L * (1 + random.nextInt(2));
        long grace = List.of(0L, 500L, 3_000L).get(random.nextInt(3));
        boolean hopping = random.nextBoolean();
        long hopSize = 4_000;
        long hopAdvance = 1_000L * (1 + random.nextInt(2));
        EmitMode mode = random.nextBoolean() ? EmitMode.UPDATES : EmitMode.FINAL;
        CounterSettings settings = CounterSettings.defaults()
            .withWindows(Duration.ofMillis(size), hopping ? Duration.ofMillis(hopSize) : Duration.ZERO,
                    Duration.ofMillis(hopAdvance), Duration.ofMillis(grace))
            .withEmit(mode, Duration.ZERO);

        // The processor's input: up to four partitions, each in its own arrival order (time moves forward, a
        // quarter of the posts up to 4 s behind, so some are behind their own partition by more than grace).
        int partitions = 1 + random.nextInt(4);
        List<List<Mention>> upstream = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            List<Mention> posts = new ArrayList<>();
            int n = 10 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                String tag = TAGS.get(Math.min(random.nextInt(TAGS.size()), random.nextInt(TAGS.size())));
                long ts = Math.max(0, i * 150L + 10_000 - (random.nextInt(4) == 0 ? random.nextInt(4_000) : 0));
                posts.add(new Mention(tag, ts));
            }
            upstream.add(posts);
        }
        // What the processor sends: blocks of one partition's posts in its order, partitions interleaved at random
        // (a backlog is read a block of up to a whole partition at a time), a watermark after each block.
        List<Object> sent = new ArrayList<>();
        int[] read = new int[partitions];
        Map<Integer, Long> marks = new TreeMap<>();
        while (true) {
            List<Integer> left = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                if (read[partition] < upstream.get(partition).size()) {
                    left.add(partition);
                }
            }
            if (left.isEmpty()) {
                break;
            }
            int partition = left.get(random.nextInt(left.size()));
            List<Mention> posts = upstream.get(partition);
            int block = 1 + random.nextInt(random.nextBoolean() ? 5 : posts.size());
            for (int i = 0; i < block && read[partition] < posts.size(); i++) {
                Mention mention = posts.get(read[partition]++);
                sent.add(mention);
                marks.merge(partition, mention.ts(), Math::max);
            }
            sent.add(new Watermark(partitions, new TreeMap<>(marks), Set.of()));
        }
        // Then the processor reads on far enough to close every window.
        long beyond = 10_000 + 150L * 50 + hopSize + size + grace + 1_000;
        Map<Integer, Long> last = new TreeMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            last.put(partition, beyond);
        }
        sent.add(new Watermark(partitions, last, Set.of()));

        List<Family> families = new ArrayList<>(List.of(new Family(size, size)));
        if (hopping) {
            families.add(new Family(hopSize, hopAdvance));
        }
        // Brute force, by the definition: a window is closed once the oldest mark of all partitions (none before
        // every partition is heard of) is past its end plus grace; a mention is late for the windows closed when
        // it arrives, and counted in the others.
        Map<String, Long> expectedCounts = new TreeMap<>();
        List<String> expectedLate = new ArrayList<>();
        long closeTime = Long.MIN_VALUE;
        Map<Integer, Long> newest = new HashMap<>();
        for (Object record : sent) {
            if (record instanceof Watermark watermark) {
                if (watermark.eventTimes().size() == partitions) {
                    closeTime = Math.max(closeTime, watermark.eventTimes().values().stream().min(Long::compare)
                        .orElseThrow());
                }
                continue;
            }
            Mention mention = (Mention) record;
            for (Family family : families) {
                for (long start : family.startsOf(mention.ts())) {
                    if (closeTime != Long.MIN_VALUE && start + family.size() + grace <= closeTime) {
                        expectedLate.add(mention.tag() + "@" + mention.ts() + "/" + start + "+" + family.size());
                    }
                    else {
                        expectedCounts.merge(mention.tag() + "@" + start + "+" + family.size(), 1L, Long::sum);
                    }
                }
            }
        }
        // The property that matters: a mention is only ever late when its own partition had already delivered a
        // post more than grace past its window's end. However the partitions interleave, no other is.
        for (int partition = 0; partition < partitions; partition++) {
            long newestOfPartition = Long.MIN_VALUE;
            for (Mention mention : upstream.get(partition)) {
                for (Family family : families) {
                    for (long start : family.startsOf(mention.ts())) {
                        String key = mention.tag() + "@" + mention.ts() + "/" + start + "+" + family.size();
                        if (expectedLate.contains(key)) {
                            assertThat(newestOfPartition).as("late %s on partition %d", key, partition)
                                .isGreaterThanOrEqualTo(start + family.size() + grace);
                        }
                    }
                }
                newestOfPartition = Math.max(newestOfPartition, mention.ts());
            }
        }

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "counter-property-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("seed-" + seed).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(HashtagCountTopologyTests.topology(settings), config,
                WALL_CLOCK)) {
            TestInputTopic<String, String> input = driver.createInputTopic("tagpulse.hashtags",
                    new StringSerializer(), new StringSerializer());
            for (Object record : sent) {
                if (record instanceof Mention mention) {
                    Instant eventTime = T0.plusMillis(mention.ts());
                    input.pipeInput(mention.tag(), TagpulseJson.writeString(new HashtagMention(mention.tag(),
                            mention.tag(), "p", "test", null, eventTime)), eventTime.plusMillis(50));
                }
                else {
                    Watermark watermark = (Watermark) record;
                    Map<Integer, Long> absolute = new TreeMap<>();
                    watermark.eventTimes().forEach((partition, mark) -> absolute.put(partition,
                            T0.toEpochMilli() + mark));
                    input.pipeInput(new TestRecord<>(null, TagpulseJson.writeString(new Watermark(partitions,
                            absolute, Set.of())), new RecordHeaders().add(Watermark.HEADER, new byte[] { '1' }),
                            WALL_CLOCK));
                }
            }

            Map<String, Long> lastCounts = new TreeMap<>();
            Map<String, Integer> writes = new HashMap<>();
            for (KeyValue<String, HashtagCount> record : driver
                .createOutputTopic("tagpulse.hashtag-counts", new StringDeserializer(),
                        new HashtagCountSerde().deserializer())
                .readKeyValuesToList()) {
                HashtagCount count = record.value;
                String window = count.tag() + "@" + (count.windowStart().toEpochMilli() - T0.toEpochMilli()) + "+"
                        + (count.windowEnd().toEpochMilli() - count.windowStart().toEpochMilli());
                lastCounts.put(window, count.count());
                writes.merge(window, 1, Integer::sum);
            }
            assertThat(lastCounts).isEqualTo(expectedCounts);
            if (mode == EmitMode.FINAL) {
                assertThat(writes.values()).allMatch(times -> times == 1);
            }

            List<String> late = new ArrayList<>();
            for (LateMention record : driver.createOutputTopic("tagpulse.late-mentions", new StringDeserializer(),
                    new LateMentionSerde().deserializer()).readValuesToList()) {
                long start = record.windowStart().toEpochMilli() - T0.toEpochMilli();
                late.add(record.mention().tag() + "@" + (record.mention().eventTime().toEpochMilli()
                        - T0.toEpochMilli()) + "/" + start + "+"
                        + (record.windowEnd().toEpochMilli() - record.windowStart().toEpochMilli()));
                assertThat(record.latenessMillis()).isNotNegative();
            }
            assertThat(late).containsExactlyInAnyOrderElementsOf(expectedLate);
        }
    }
}
