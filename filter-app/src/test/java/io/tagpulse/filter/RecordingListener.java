package io.tagpulse.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A topology listener for tests: what the topology reported, in order, by the names the metric uses
 * ({@code accepted}, {@code language}, …, {@code duplicate}, {@code failed}).
 */
final class RecordingListener implements PostFilterTopology.Listener {

    private final List<String> events = new ArrayList<>();

    @Override
    public void outcome(FilterOutcome outcome) {
        events.add(outcome.metricName());
    }

    @Override
    public void duplicate() {
        events.add("duplicate");
    }

    @Override
    public void failed() {
        events.add("failed");
    }

    /** @return what was reported so far, oldest first */
    List<String> events() {
        return events;
    }
}
