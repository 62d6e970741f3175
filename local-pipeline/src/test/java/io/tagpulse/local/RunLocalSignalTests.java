package io.tagpulse.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run-local.sh} started in the background of a non-interactive shell (as a script or CI would) still stops
 * on SIGINT: bash starts such a job with SIGINT ignored, the script restores the default before it runs Java. Java is
 * played by a stand-in that sleeps, so the test needs no build and takes a second. Where the script cannot restore
 * it, the launcher reads its own ignored-signal mask and says to use SIGTERM.
 */
@Timeout(30)
@EnabledOnOs(OS.LINUX)
class RunLocalSignalTests {

    private static final Path SCRIPT = Path.of("..", "run-local.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void shouldStopOnSigintWhenStartedInTheBackgroundOfANonInteractiveShell() throws Exception {
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nexec sleep 20\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "\"$0\" --no-build & echo $!; wait $!",
                SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().put("JAVA", fakeJava.toString());
        Process shell = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
        long pid = Long.parseLong(out.readLine().strip());
        awaitCommand(pid, "sleep");

        assertThat(ignoredSignals(pid) & (1L << 1)).as("SIGINT ignored in the launcher").isZero();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor()).isZero();

        assertThat(shell.waitFor(5, TimeUnit.SECONDS)).as("stopped by SIGINT").isTrue();
        assertThat(shell.exitValue()).as("the job's status: killed by SIGINT").isEqualTo(128 + 2);
    }

    @Test
    void shouldTellFromProcStatusWhetherSigintIsIgnored() throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000006\n");
        assertThat(LocalPipeline.ignoresSigint(status)).isTrue();
        Files.writeString(status, "Name:\tjava\nSigIgn:\t0000000000001004\n");
        assertThat(LocalPipeline.ignoresSigint(status)).isFalse();
        assertThat(LocalPipeline.ignoresSigint(dir.resolve("no-such-file"))).isFalse();
    }

    /** Waits until the background job has exec'd its way from the script to (the stand-in for) Java. */
    private static void awaitCommand(long pid, String command) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).flatMap(handle -> handle.info().command())
                .map(path -> path.endsWith("/" + command)).orElse(false)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the script did not start " + command);
    }

    /** @return the process's ignored-signal mask, bit n-1 for signal n (Linux: /proc/PID/status, SigIgn) */
    private static long ignoredSignals(long pid) throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        return status.stream().filter(line -> line.startsWith("SigIgn:"))
            .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
            .findFirst().orElseThrow();
    }
}
