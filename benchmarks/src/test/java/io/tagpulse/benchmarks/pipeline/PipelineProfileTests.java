package io.tagpulse.benchmarks.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PipelineProfileTests {

    @Test
    void shouldCountEachSampleByThreadByEveryCategoryOnItsStackAndByLeaf(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        JsonMapper json = JsonMapper.builder().build();
        AtomicLong written = new AtomicLong();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    written.addAndGet(json.writeValueAsString(Map.of("tag", "kafka", "count", written.get()))
                        .length());
                }
            }, "json-worker-7-0b6f3c2e-1d4a-4f8e-9a7b-3c5d2e1f0a9b");
            worker.start();
            worker.join();
            recording.stop();
            recording.dump(file);
        }

        PipelineProfile.Summary summary = PipelineProfile.summarize(file);

        assertThat(written.get()).isPositive();
        assertThat(summary.samples()).as("2 s of one busy thread sampled every 10 ms").isGreaterThan(20);
        assertThat(summary.threads()).containsKey("json-worker-N-ID");
        assertThat(summary.threads().get("json-worker-N-ID")).isGreaterThan(summary.samples() / 2);
        assertThat(summary.categories().getOrDefault("JSON", 0)).as("most samples are inside Jackson")
            .isGreaterThan(summary.samples() / 3)
            .isLessThanOrEqualTo(summary.samples());
        assertThat(summary.leaves().values().stream().mapToInt(Integer::intValue).sum())
            .isEqualTo(summary.samples());
    }

    @Test
    void shouldPrintCoresMicrosecondsPerPostAndSharesOfTwoPercentOrMore() {
        PipelineProfile.Summary summary = new PipelineProfile.Summary(200,
                Map.of("stream-thread-N", 150, "producer-N", 49, "other", 1),
                Map.of("counter: trend stage", 60, "JSON", 20, "Micrometer", 3),
                Map.of("java.util.HashMap.getNode", 40, "x.Y.z", 1));

        String text = PipelineProfile.markdown("counter", 0.4, 2_000, summary);

        assertThat(text).startsWith("- **counter**: 0.40 cores, 200 µs of CPU per post, 200 samples")
            .contains("threads: stream-thread-N 75 %, producer-N 25 %\n")
            .contains("stacks through (inclusive): counter: trend stage 30 %, JSON 10 %\n")
            .contains("hottest methods: java.util.HashMap.getNode 20 %\n");
    }
}
