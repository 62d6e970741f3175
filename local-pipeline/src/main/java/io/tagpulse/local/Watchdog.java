package io.tagpulse.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The local launcher's watchdog: every second it looks at the broker and the apps, and starts one that died again,
 * as long as {@link RestartPolicy} allows, saying which process died, with which exit code, and where its log is.
 * When a process has spent its budget, the watchdog stops watching and completes {@link #gaveUp()} with the reason;
 * the launcher then stops everything and exits non-zero. Not started by the tests that kill apps on purpose.
 * <p>
 * Each dead process is started again on a thread of its own, and the watchdog keeps looking meanwhile: a broker
 * killed while an app is still starting again (minutes on a busy machine) is started at once, not after that app.
 */
final class Watchdog implements AutoCloseable {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();

    private final Thread thread;

    private volatile boolean stopped;

    /** What the watchdog looks after: the processes by name, and how to start a dead one again. */
    interface Supervised {

        /** @return the processes by name, as they are now */
        Map<String, ManagedProcess> processes();

        /** Starts the dead process {@code name} again and waits until it is ready. */
        void revive(String name);
    }

    /** The names of the processes being started again now, each by its own thread. */
    private final Set<String> reviving = ConcurrentHashMap.newKeySet();

    private Watchdog(Supervised pipeline, RestartPolicy policy, PrintStream out) {
        thread = new Thread(() -> watch(pipeline, policy, out), "tagpulse-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching the pipeline's processes, reporting to {@code out}. */
    static Watchdog start(Supervised pipeline, RestartPolicy policy, PrintStream out) {
        Watchdog watchdog = new Watchdog(pipeline, policy, out);
        watchdog.thread.start();
        return watchdog;
    }

    /** @return completed with why the watchdog gave up, once a process has died beyond its restart budget */
    CompletableFuture<String> gaveUp() {
        return gaveUp;
    }

    private void watch(Supervised pipeline, RestartPolicy policy, PrintStream out) {
        while (!stopped) {
            try {
                for (Map.Entry<String, ManagedProcess> entry : pipeline.processes().entrySet()) {
                    ManagedProcess process = entry.getValue();
                    if (stopped || process.isAlive() || !reviving.add(entry.getKey())) {
                        continue;
                    }
                    // Looked at again once marked: a revive that just finished has replaced the dead process.
                    ManagedProcess now = pipeline.processes().get(entry.getKey());
                    if (now.isAlive()) {
                        reviving.remove(entry.getKey());
                    }
                    else if (!decideAndRevive(pipeline, policy, out, entry.getKey(), now)) {
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
                out.println("Watchdog: " + ex.getMessage());
            }
        }
    }

    /** @return false when the process has spent its budget (the watchdog then gives up) */
    private boolean decideAndRevive(Supervised pipeline, RestartPolicy policy, PrintStream out, String name,
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
        Thread reviver = new Thread(() -> revive(pipeline, out, name, dead), "tagpulse-watchdog-" + name);
        reviver.setDaemon(true);
        reviver.start();
        return true;
    }

    private void revive(Supervised pipeline, PrintStream out, String name, ManagedProcess dead) {
        try {
            long started = System.nanoTime();
            pipeline.revive(name);
            out.printf("Watchdog: %s is running again (pid %d, ready in %.1f s)%n", dead.name(),
                    pipeline.processes().get(name).pid(), (System.nanoTime() - started) / 1e9);
        }
        catch (RuntimeException ex) {
            // A restart that failed (the process died again while starting): the next round sees it dead.
            if (!stopped) {
                out.println("Watchdog: " + ex.getMessage());
            }
        }
        finally {
            reviving.remove(name);
        }
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
