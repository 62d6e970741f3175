package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A child JVM of the local pipeline, its output in a log file. Stopping asks politely (SIGTERM, so Spring and Kafka
 * shut down cleanly) and kills only what does not stop in time.
 * <p>
 * Where {@code setsid} exists (Linux), a child runs in a session of its own, so Ctrl-C in the terminal reaches only
 * the launcher, which then stops the apps together while the broker is still up, and the broker last. Without it
 * the terminal would signal every process at once, and apps would wait for a broker that is going away.
 *
 * @param name the process's name in messages, e.g. {@code counter-app}
 * @param log the file its standard output and error go to
 * @param process the running process
 */
public record ManagedProcess(String name, Path log, Process process) implements AutoCloseable {

    /** How long a process may take to stop cleanly before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            List<String> detached = command;
            if (Files.isExecutable(SETSID)) {
                // The child is no process-group leader, so setsid execs in place: the pid stays the JVM's.
                detached = new java.util.ArrayList<>(command);
                detached.add(0, SETSID.toString());
            }
            ProcessBuilder builder = new ProcessBuilder(detached)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Two glibc malloc arenas, not eight per core: native memory (RocksDB, the Kafka clients) stays compact.
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            Process process = builder.start();
            return new ManagedProcess(name, log, process);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
        }
    }

    /** @return the java executable of the running JVM, so children run on the same Java */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    /** @return the exit code of the process that has exited (128 + the signal's number when a signal killed it) */
    public int exitCode() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @throws IllegalStateException naming the log when the process has died */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " exited with code " + process.exitValue() + cause() + "; see " + log);
        }
    }

    /** A log line at level ERROR or FATAL, or an exception's own line ("Caused by: x.y.ZException: ..."). */
    private static final Pattern ERROR_LINE = Pattern.compile(
            "\\b(ERROR|FATAL)\\b|^(Caused by: )?[\\w.$]+(Exception|Error)(: .*)?$");

    /**
     * @return the last error line of the log (an ERROR/FATAL log line or an exception's own line; not a
     * configuration dump's {@code production.exception.handler = ...}), so a failure seen only in a CI summary still
     * names its cause; empty when the log has none or cannot be read
     */
    String cause() {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            String last = null;
            for (String line : (Iterable<String>) lines::iterator) {
                String stripped = line.strip();
                if (ERROR_LINE.matcher(stripped).find()) {
                    last = stripped;
                }
            }
            return last == null ? "" : " (" + (last.length() > 400 ? last.substring(0, 400) + " ..." : last) + ")";
        }
        catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor(STOP_TIMEOUT);
    }

    @Override
    public void close() {
        stopAll(List.of(this), STOP_TIMEOUT);
    }

    /**
     * Stops processes together: SIGTERM to each at once, then waits for all of them, and kills (SIGKILL) whichever is
     * still running when the timeout is over. Returns once every one has exited.
     */
    static void stopAll(List<ManagedProcess> processes, Duration timeout) {
        processes.stream().filter(ManagedProcess::isAlive).forEach(managed -> managed.process.destroy());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ManagedProcess managed : processes) {
            if (!managed.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                System.err.println(managed.name + " did not stop within " + timeout.toSeconds() + " s; killing it");
                managed.kill();
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
