package io.tagpulse.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak run's fault schedule: every {@code interval} a SIGKILL of the next process in a rotation, the first one
 * interval after the start and none at the end itself (a fault needs the rest of the run to be recovered from).
 *
 * @param targets the processes killed in turn ({@code kafka} for the broker, else an app's name), from the first
 *     again once all had theirs
 * @param interval the time between two faults, and from the start to the first; zero for no faults
 */
record FaultRotation(List<String> targets, Duration interval) {

    /** Counter, broker, filter, processor, sink, then the counter again: the stateful ones first. */
    static final List<String> DEFAULT_TARGETS = List.of("counter", "kafka", "filter", "processor", "sink", "counter");

    /** One fault: its number from 1, when it strikes after the start, and which process it kills. */
    record Fault(int number, Duration at, String target) {
    }

    FaultRotation {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a fault rotation needs at least one target");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the fault interval must not be negative: " + interval);
        }
    }

    /** @return the default rotation at the interval */
    static FaultRotation every(Duration interval) {
        return new FaultRotation(DEFAULT_TARGETS, interval);
    }

    /** @return the faults that strike strictly within a run of {@code length}, in order */
    List<Fault> schedule(Duration length) {
        List<Fault> faults = new ArrayList<>();
        if (interval.isZero()) {
            return faults;
        }
        for (int n = 1; interval.multipliedBy(n).compareTo(length) < 0; n++) {
            faults.add(new Fault(n, interval.multipliedBy(n), targets.get((n - 1) % targets.size())));
        }
        return faults;
    }
}
