package io.tagpulse.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The local launcher's watchdog: every second it looks at the broker and the apps, and starts one that died again,
 * as long as {@link RestartPolicy} allows, saying which process died, with which exit code, and where its log is.
 * When a process has spent its budget, the watchdog stops watching and completes {@link #gaveUp()} with the reason;
 * the launcher then stops everything and exits non-zero. Not started by the tests that kill apps on purpose.
 */
final class Watchdog implements AutoCloseable {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();

    private final Thread thread;

    private volatile boolean stopped;

    private Watchdog(LocalPipeline pipeline, RestartPolicy policy, PrintStream out) {
        thread = new Thread(() -> watch(pipeline, policy, out), "tagpulse-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching the pipeline's processes, reporting to {@code out}. */
    static Watchdog start(LocalPipeline pipeline, RestartPolicy policy, PrintStream out) {
        Watchdog watchdog = new Watchdog(pipeline, policy, out);
        watchdog.thread.start();
        return watchdog;
    }

    /** @return completed with why the watchdog gave up, once a process has died beyond its restart budget */
    CompletableFuture<String> gaveUp() {
        return gaveUp;
    }

    private void watch(LocalPipeline pipeline, RestartPolicy policy, PrintStream out) {
        while (!stopped) {
            try {
                for (Map.Entry<String, ManagedProcess> entry : pipeline.processes().entrySet()) {
                    ManagedProcess process = entry.getValue();
                    if (!stopped && !process.isAlive() && !revive(pipeline, policy, out, entry.getKey(), process)) {
                        return;
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (RuntimeException ex) {
                if (stopped) {
                    return;
                }
                // A restart that failed (the process died again while starting): the next round sees it dead.
                out.println("Watchdog: " + ex.getMessage());
            }
        }
    }

    /** @return false when the process has spent its budget (the watchdog then gives up) */
    private boolean revive(LocalPipeline pipeline, RestartPolicy policy, PrintStream out, String name,
            ManagedProcess dead) {
        String died = "%s (pid %d) exited with code %d; its log: %s".formatted(dead.name(), dead.pid(),
                dead.exitCode(), dead.log());
        RestartPolicy.Decision decision = policy.onDeath(name, Instant.now());
        if (!decision.restart()) {
            String reason = "%s, and it has had its %s: giving up".formatted(died, policy.budget());
            out.println("Watchdog: " + reason);
            stopped = true;
            gaveUp.complete(reason);
            return false;
        }
        out.printf("Watchdog: %s; restarting it (restart %d of %s)%n", died, decision.restarts(), policy.budget());
        long started = System.nanoTime();
        pipeline.revive(name);
        out.printf("Watchdog: %s is running again (pid %d, ready in %.1f s)%n", dead.name(),
                pipeline.processes().get(name).pid(), (System.nanoTime() - started) / 1e9);
        return true;
    }

    /** Stops watching (before the pipeline stops, so that nothing stopping is started again). */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(ManagedProcess.STOP_TIMEOUT.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
