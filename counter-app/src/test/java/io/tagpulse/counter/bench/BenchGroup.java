package io.tagpulse.counter.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/**
 * What the counter's benchmarks share: how long, in wall-clock and CPU seconds, a counter in a child JVM takes to
 * consume a loaded topic to its end (its consumer group's commits reach the end offsets), and the Zipf-like tag
 * choice of their loads.
 */
final class BenchGroup {

    /** Partitions of every benchmark topic. */
    static final int PARTITIONS = 4;

    /**
     * What one catch-up cost.
     *
     * @param seconds wall-clock seconds from the group's first stable state to its last commit
     * @param cpuSeconds the CPU seconds the counter's process used meanwhile
     */
    record CatchUp(double seconds, double cpuSeconds) {
    }

    private BenchGroup() {
    }

    /**
     * Waits until the consumer group is stable (every member has its partitions), then measures until it has
     * committed every partition of {@code topic} up to its end offset at that moment.
     */
    static CatchUp measureCatchUp(Admin admin, String group, String topic, Process process, Duration startWithin,
            Duration catchUpWithin) throws Exception {
        awaitStable(admin, group, startWithin);
        long startNanos = System.nanoTime();
        long startCpu = cpuMillis(process);
        Map<TopicPartition, Long> ends = endOffsets(admin, topic);
        await().atMost(catchUpWithin).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
            return ends.entrySet().stream().allMatch(end -> committed.containsKey(end.getKey())
                    && committed.get(end.getKey()).offset() >= end.getValue());
        });
        return new CatchUp((System.nanoTime() - startNanos) / 1e9, (cpuMillis(process) - startCpu) / 1e3);
    }

    /** Waits until the consumer group has settled: every member has its partitions. */
    static void awaitStable(Admin admin, String group, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
            .until(() -> admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                .groupState() == GroupState.STABLE);
    }

    /** @return the end offset of every partition of the topic now */
    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** @return a tag index below {@code n}, small ones far more often than large ones (a long-tailed vocabulary) */
    static int zipf(Random random, int n) {
        return (int) Math.floor(Math.pow(n, random.nextDouble())) - 1;
    }

    private static long cpuMillis(Process process) {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toMillis();
    }
}
