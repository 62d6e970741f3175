package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's stop, on stand-in processes that take a known time to stop: the apps are stopped together (so the
 * stop takes as long as the slowest, not all of them added up), the broker only after every app has exited, and an
 * app that ignores SIGTERM is killed at the timeout.
 */
@Timeout(30)
class LocalPipelineShutdownTests {

    @TempDir
    Path dir;

    /** A process that, on SIGTERM, logs it, takes {@code stopSeconds} to shut down, and logs its exit. */
    private ManagedProcess standIn(String name, String stopSeconds) {
        String events = dir.resolve("events").toAbsolutePath().toString();
        String script = "trap 'echo \"" + name + " term $(date +%s%N)\" >> " + events + "; sleep " + stopSeconds
                + "; echo \"" + name + " exit $(date +%s%N)\" >> " + events + "; exit 0' TERM; "
                + "echo \"" + name + " started\" >> " + events + "; while :; do sleep 0.05; done";
        return ManagedProcess.start(name, List.of("sh", "-c", script), dir, dir.resolve(name + ".log"));
    }

    /** A process that ignores SIGTERM, as a hung app would. */
    private ManagedProcess stubborn(String name) {
        String events = dir.resolve("events").toAbsolutePath().toString();
        return ManagedProcess.start(name, List.of("sh", "-c", "trap '' TERM; echo \"" + name + " started\" >> "
                + events + "; while :; do sleep 0.05; done"), dir, dir.resolve(name + ".log"));
    }

    private void awaitStarted(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long started = 0;
        while (System.nanoTime() < deadline) {
            Path events = dir.resolve("events");
            started = Files.exists(events)
                    ? Files.readAllLines(events).stream().filter(l -> l.endsWith(" started")).count() : 0;
            if (started == count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(started + " of " + count + " stand-ins started");
    }

    /** @return the time of each event, by "name event" */
    private Map<String, Long> events() throws IOException {
        return Files.readAllLines(dir.resolve("events")).stream()
            .filter(line -> !line.endsWith(" started"))
            .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                    line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))));
    }

    @Test
    void shouldStopTheAppsTogetherAndTheBrokerOnlyWhenEveryAppHasExited() throws Exception {
        List<ManagedProcess> apps = new ArrayList<>();
        for (String name : LocalPipeline.APPS) {
            apps.add(standIn(name, "1"));
        }
        ManagedProcess broker = standIn("kafka", "0.2");
        awaitStarted(LocalPipeline.APPS.size() + 1);

        long start = System.nanoTime();
        LocalPipeline.stopAppsThenBroker(apps, broker, Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - start) / 1e9;

        // One at a time, six apps taking 1 s each would take over 6 s.
        assertThat(seconds).isBetween(1.0, 3.5);
        assertThat(apps).noneMatch(ManagedProcess::isAlive);
        assertThat(broker.isAlive()).isFalse();
        Map<String, Long> events = events();
        long lastAppExit = LocalPipeline.APPS.stream().mapToLong(app -> events.get(app + " exit")).max().orElseThrow();
        long firstAppExit = LocalPipeline.APPS.stream().mapToLong(app -> events.get(app + " exit")).min().orElseThrow();
        assertThat(events.get("kafka term")).isGreaterThan(lastAppExit);
        assertThat(Duration.ofNanos(lastAppExit - firstAppExit)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void shouldKillAnAppThatIgnoresSigtermAtTheTimeoutAndStillStopTheBroker() throws Exception {
        ManagedProcess hung = stubborn("hung");
        ManagedProcess polite = standIn("polite", "0.2");
        ManagedProcess broker = standIn("kafka", "0.2");
        awaitStarted(3);

        long start = System.nanoTime();
        LocalPipeline.stopAppsThenBroker(List.of(hung, polite), broker, Duration.ofSeconds(2));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).isBetween(2.0, 5.0);
        assertThat(hung.isAlive()).isFalse();
        assertThat(polite.isAlive()).isFalse();
        assertThat(broker.isAlive()).isFalse();
        assertThat(events()).containsKeys("polite exit", "kafka term", "kafka exit");
    }
}
