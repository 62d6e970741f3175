package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * When the launcher's watchdog may start a dead process again: each process (an app, the broker) at most
 * {@code maxRestarts} times within any {@code window}; the next death within the window spends the budget, and the
 * launcher gives up. Restarts older than the window are forgotten, so a process that dies now and then is always
 * started again, and one that keeps dying (a bad setting, a full disk) is not restarted forever.
 */
final class RestartPolicy {

    /**
     * What to do about a process that died.
     *
     * @param restart whether to start it again
     * @param restarts its restarts within the window, this one included when {@code restart}
     */
    record Decision(boolean restart, int restarts) {
    }

    private final int maxRestarts;

    private final Duration window;

    private final Map<String, Deque<Instant>> restarts = new HashMap<>();

    /**
     * @param maxRestarts how often one process may be started again within the window (0: never)
     * @param window the sliding window the restarts are counted in
     */
    RestartPolicy(int maxRestarts, Duration window) {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("the restarts allowed must be 0 or more, not " + maxRestarts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the restart window must be positive, not " + window);
        }
        this.maxRestarts = maxRestarts;
        this.window = window;
    }

    /** @return whether the process that died at {@code at} may be started again; a restart is counted if so */
    synchronized Decision onDeath(String process, Instant at) {
        Deque<Instant> recent = restarts.computeIfAbsent(process, name -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(at.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= maxRestarts) {
            return new Decision(false, recent.size());
        }
        recent.addLast(at);
        return new Decision(true, recent.size());
    }

    int maxRestarts() {
        return maxRestarts;
    }

    /** @return the budget in words, e.g. {@code 3 restarts within 10 min} */
    String budget() {
        return maxRestarts + (maxRestarts == 1 ? " restart" : " restarts") + " within " + minutes(window);
    }

    private static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
