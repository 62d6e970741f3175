package io.tagpulse.benchmarks.record;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTests {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private final AtomicLong clock = new AtomicLong();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, clock::get);
    }

    @Test
    void shouldWritePlainLinesWhenNotOnATerminal() {
        try (Progress progress = progress(false)) {
            clock.addAndGet(Duration.ofSeconds(75).toNanos());
            progress.step(2, 4, "rest", Duration.ofMinutes(8));
            progress.detail("200 posts/s for 60 s ...");
            progress.detail("   ");
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "[2/4] rest (estimated 8:00; 1:15 since the start)", "  200 posts/s for 60 s ...");
    }

    @Test
    void shouldRedrawOneStatusLineInPlaceOnATerminal() {
        try (Progress progress = progress(true)) {
            progress.step(1, 2, "stages", Duration.ofSeconds(300));
            clock.addAndGet(Duration.ofSeconds(61).toNanos());
            progress.detail("run 1 filter ...");
            progress.println("a line of its own");
        }

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\r\033[K[1/2] stages 1:01 / ~5:00 (total 1:01) · run 1 filter ...",
                "\r\033[Ka line of its own\n");
        assertThat(text).doesNotContain("run 1 filter ...\n").endsWith("\r\033[K");
    }

    @Test
    void shouldCutTheDetailToTheWidthButKeepTheStepAndTimes() {
        String status = Progress.status(3, 4, "pipeline", 3_725, 600, 4_000, "x".repeat(200), 80);

        assertThat(status).startsWith("[3/4] pipeline 1:02:05 / ~10:00 (total 1:06:40) · xxx").hasSize(80)
            .endsWith("…");
        assertThat(Progress.clock(59)).isEqualTo("0:59");
        assertThat(Progress.clock(-3)).isEqualTo("0:00");
    }
}
