package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher of {@code ./run-local.sh} as users run it (its own JVM, the generator on, here with a budget of one
 * restart and every port a free one): the counter is killed with SIGKILL, the watchdog says so and starts it again,
 * and counts keep reaching the database through the new counter; killed once more within the budget's window, the
 * counter is not restarted: the launcher says why, stops the broker and every app, and exits with status 1.
 */
@Tag("slow")
class LauncherWatchdogIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final Pattern DASHBOARD = Pattern.compile("Dashboard:\\s+(http://\\S+)/");

    private Process launcher;

    private Path output;

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldRestartAKilledAppAndStopEverythingOnceItsRestartsAreSpent() throws Exception {
        Path home = PipelineRun.home().toAbsolutePath();
        Path workDir = Files.createTempDirectory(home, "watchdog-");
        output = workDir.resolve("launcher.out");
        launcher = new ProcessBuilder(ManagedProcess.javaExecutable(), "-Xmx64m", "-Dtagpulse.local.home=" + home,
                "-Dtagpulse.local.workDir=" + workDir, "-Dtagpulse.local.freePorts=true",
                // Six apps starting on two cores shared with other builds: an app's start alone can take 3 min.
                "-Dtagpulse.local.startupTimeout=PT6M", "-cp",
                home.resolve("classes").toString(), LocalPipeline.class.getName(), "--rate", "50", "--restarts", "1")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

        awaitOutput("Tagpulse is running", Duration.ofMinutes(9));
        Matcher dashboard = DASHBOARD.matcher(Files.readString(output));
        assertThat(dashboard.find()).as("the dashboard's URL in %s", output).isTrue();
        Map<String, Long> before = pids(workDir);
        long firstCounter = before.get("counter");

        ProcessHandle.of(firstCounter).orElseThrow().destroyForcibly();
        awaitOutput("Watchdog: counter-app (pid " + firstCounter + ") exited with code 137", Duration.ofSeconds(30));
        assertThat(Files.readString(output)).contains("restarting it (restart 1 of 1 restart within 10 min)");
        awaitOutput("Watchdog: counter-app is running again", Duration.ofMinutes(6));
        Instant restarted = Instant.now();
        Map<String, Long> after = pids(workDir);
        assertThat(after.get("counter")).as("the new counter's pid").isNotEqualTo(firstCounter);
        assertThat(ProcessHandle.of(after.get("counter")).map(ProcessHandle::isAlive)).hasValue(true);
        assertThat(after).as("the other processes, untouched").containsAllEntriesOf(without(before, "counter"));

        // Counts still flow: windows that start after the restart reach the database through the new counter.
        String top = dashboard.group(1) + "/api/tags/top?limit=5&from=" + restarted.truncatedTo(ChronoUnit.SECONDS)
                + "&to=" + restarted.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        await("counts of windows after the counter's restart").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
            .until(() -> get(top), body -> body.contains("\"count\""));

        long secondCounter = after.get("counter");
        ProcessHandle.of(secondCounter).orElseThrow().destroyForcibly();
        awaitOutput("Watchdog: counter-app (pid " + secondCounter + ") exited with code 137", Duration.ofSeconds(30));
        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("the launcher exited once the budget was spent").isTrue();
        assertThat(launcher.exitValue()).as("its status").isEqualTo(1);
        assertThat(Files.readString(output)).contains("it has had its 1 restart within 10 min: giving up")
            .contains("Tagpulse stopped: counter-app (pid " + secondCounter + ")")
            .contains("Stopped.");
        after.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("%s (pid %d) stopped with the launcher", name, pid)
            .isFalse());
    }

    private void awaitOutput(String text, Duration atMost) {
        await("the launcher to print \"" + text + "\"").atMost(atMost).pollInterval(Duration.ofMillis(500))
            .until(() -> Files.readString(output).contains(text) || !launcher.isAlive());
        assertThat(readOutput()).as("the launcher's output").contains(text);
    }

    private String readOutput() {
        try {
            return Files.readString(output);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the launcher's processes by name, from the pid file it keeps for the next start */
    private static Map<String, Long> pids(Path workDir) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String line : Files.readAllLines(workDir.resolve("pids"))) {
            String[] parts = line.split("=", 2);
            pids.put(parts[0], Long.parseLong(parts[1].strip()));
        }
        return pids;
    }

    private static Map<String, Long> without(Map<String, Long> pids, String name) {
        Map<String, Long> rest = new LinkedHashMap<>(pids);
        rest.remove(name);
        return rest;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }
}
