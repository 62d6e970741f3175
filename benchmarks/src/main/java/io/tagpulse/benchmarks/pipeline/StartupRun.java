package io.tagpulse.benchmarks.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./run-local.sh --no-build} as a user runs it, timed by its own report, the start-up line
 * "Start-up: N s  first counts in the database (...)". Then the launcher is stopped with SIGTERM, as Ctrl-C would. So that it can run beside
 * another pipeline on the machine, the launcher gets free ports and a work directory of its own (through
 * {@code JAVA_TOOL_OPTIONS}, which its children inherit too: they ignore those properties).
 */
final class StartupRun {

    private static final Pattern FIRST_COUNTS = Pattern.compile(
            "Start-up: +([0-9]+(?:\\.[0-9]+)?) s +first counts in the database");

    private StartupRun() {
    }

    /** @return the seconds in the launcher's "first counts" start-up line, or empty if {@code line} is not that line */
    static OptionalDouble firstCounts(String line) {
        Matcher matcher = FIRST_COUNTS.matcher(line);
        return matcher.find() ? OptionalDouble.of(Double.parseDouble(matcher.group(1))) : OptionalDouble.empty();
    }

    /**
     * Runs {@code ./run-local.sh --no-build} in {@code repository} on a fresh work directory until it reports its
     * first counts (at most {@code timeout}), then stops it; when that run writes the apps' class-data archives, only
     * once they are written.
     *
     * @return seconds from the command to the first counts in the database
     */
    static double measure(Path repository, Path work, Duration timeout, Consumer<String> log) throws Exception {
        StageBenchmark.deleteRecursively(work);
        ProcessBuilder builder = new ProcessBuilder("./run-local.sh", "--no-build").directory(repository.toFile())
            .redirectErrorStream(true);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dtagpulse.local.freePorts=true -Dtagpulse.local.workDir="
                + work + " -Dtagpulse.local.startupTimeout=PT6M");
        CompletableFuture<Double> first = new CompletableFuture<>();
        CompletableFuture<Void> training = new CompletableFuture<>();
        CompletableFuture<Void> archived = new CompletableFuture<>();
        Process launcher = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                        log.accept("run-local: " + line);
                    }
                    firstCounts(line).ifPresent(first::complete);
                    if (line.startsWith("Writing class-data archives")) {
                        training.complete(null);
                    }
                    if (line.startsWith("Class-data archives written")) {
                        archived.complete(null);
                    }
                    if (line.startsWith("No counts in the database")) {
                        first.completeExceptionally(new IllegalStateException(line));
                    }
                }
            }
            catch (IOException closed) {
                // the launcher has gone
            }
            first.completeExceptionally(new IllegalStateException("./run-local.sh ended without first counts"));
        }, "run-local-output");
        reader.setDaemon(true);
        reader.start();
        try {
            double seconds = first.get(timeout.toSeconds(), TimeUnit.SECONDS);
            // The first run after a build writes the apps' class-data archives once it is up: left running until
            // they are written, it leaves the next runs the start a user gets from the second run on.
            try {
                training.get(5, TimeUnit.SECONDS);
                archived.get(5, TimeUnit.MINUTES);
            }
            catch (TimeoutException noTraining) {
                // Every app had its archive already (or training took too long: the next run trains again).
            }
            return seconds;
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("no first counts within " + timeout.toSeconds() + " s", ex);
        }
        finally {
            stop(launcher, log);
        }
    }

    /** SIGTERM, as Ctrl-C: the launcher stops its apps and broker; whatever is left after 90 s is killed. */
    private static void stop(Process launcher, Consumer<String> log) throws InterruptedException {
        launcher.destroy();
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            log.accept("the launcher did not stop within 90 s; killing it and its children");
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
