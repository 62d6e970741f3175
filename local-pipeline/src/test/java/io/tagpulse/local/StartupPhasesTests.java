package io.tagpulse.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupPhasesTests {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private final StartupPhases phases = new StartupPhases(1_000_000, now::get,
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void shouldPrintEachStepOnALineOfItsOwnWithTheSecondsSinceTheCommand() {
        now.set(1_000_450);
        phases.done("launcher started");
        now.set(1_004_200);
        phases.done("kafka listening on 127.0.0.1:9092");
        now.set(1_031_100);
        phases.done("sink-app healthy");

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "Start-up:    0.5 s  launcher started",
                "Start-up:    4.2 s  kafka listening on 127.0.0.1:9092",
                "Start-up:   31.1 s  sink-app healthy");
    }

    @Test
    void shouldRecordTheStepsInTheOrderTheyWereDone() {
        now.set(1_020_000);
        phases.done("counter-app healthy");
        now.set(1_022_000);
        phases.done("sink-app healthy");

        assertThat(phases.steps()).containsExactly(java.util.Map.entry("counter-app healthy", 20_000L),
                java.util.Map.entry("sink-app healthy", 22_000L));
    }

    @Test
    void shouldRecordWithoutPrintingWhenSilent() {
        StartupPhases silent = StartupPhases.silent();
        silent.done("kafka listening on 127.0.0.1:9092");

        assertThat(silent.steps()).containsOnlyKeys("kafka listening on 127.0.0.1:9092");
        assertThat(silent.steps().get("kafka listening on 127.0.0.1:9092")).isBetween(0L, 60_000L);
    }
}
