package io.tagpulse.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog on stand-in processes: each dead one is started again on its own thread, so one whose start takes
 * long does not hold back another (the broker killed while an app is still starting again).
 */
@Timeout(60)
class WatchdogTests {

    @TempDir
    Path dir;

    private final Map<String, ManagedProcess> processes = new ConcurrentHashMap<>();

    private final CountDownLatch counterMayFinishStarting = new CountDownLatch(1);

    @AfterEach
    void killStandIns() {
        counterMayFinishStarting.countDown();
        processes.values().forEach(ManagedProcess::kill);
    }

    private ManagedProcess exited(String name) throws InterruptedException {
        ManagedProcess process = ManagedProcess.start(name, List.of("sh", "-c", "exit 3"), dir,
                dir.resolve(name + ".log"));
        process.process().waitFor();
        return process;
    }

    private ManagedProcess running(String name) {
        return ManagedProcess.start(name, List.of("sh", "-c", "while :; do sleep 0.1; done"), dir,
                dir.resolve(name + ".log"));
    }

    @Test
    void startsTheBrokerAgainWhileAnAppIsStillStartingAgain() throws Exception {
        processes.put("counter", exited("counter"));
        processes.put("kafka", running("kafka"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Watchdog.Supervised pipeline = new Watchdog.Supervised() {
            @Override
            public Map<String, ManagedProcess> processes() {
                return Map.copyOf(processes);
            }

            @Override
            public void revive(String name) {
                ManagedProcess started = running(name);
                processes.put(name, started);
                if (name.equals("counter")) {
                    try {
                        // Started, but not yet ready: the launcher waits for its health.
                        counterMayFinishStarting.await();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Watchdog watchdog = Watchdog.start(pipeline, new RestartPolicy(3, Duration.ofMinutes(10)),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text(log).contains("counter.log; restarting it"));
            ManagedProcess brokerBefore = processes.get("kafka");
            brokerBefore.kill();
            brokerBefore.process().waitFor();

            await().atMost(Duration.ofSeconds(10)).until(() -> text(log).contains("kafka is running again"));
            assertThat(processes.get("kafka").isAlive()).isTrue();
            assertThat(text(log)).as("the counter is still starting").doesNotContain("counter is running again");

            counterMayFinishStarting.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> text(log).contains("counter is running again"));
            Thread.sleep(2_500);
            assertThat(text(log).split("restarting it", -1)).as("each started again once, not twice").hasSize(3);
            assertThat(watchdog.gaveUp()).isNotDone();
        }
    }

    private static String text(ByteArrayOutputStream log) {
        return log.toString(StandardCharsets.UTF_8);
    }
}
