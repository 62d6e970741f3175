package io.tagpulse.counter.trend.groundtruth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One detector's score on the ground truth. Per planted event: whether it entered its scope's top 10 within its
 * deadline, after how long, how often it entered and left that list from its start until {@link #TAIL} after its
 * end, and in how many samples it was where it must not be (anywhere, for the flood and the slow rise; the global
 * list, for the one-language burst). Over all samples: recall (the share of events that must trend and did, in time),
 * precision (the share of top-10 places held by a planted tag during its event or tail), and the false-positive rate
 * (the share of samples, one per scope and refresh, in which a tag that is not planted there and then is in the top
 * 10; the flood's and the slow rise's tags are never planted positives).
 */
final class GroundTruthScore {

    /** How long after its end a planted tag still counts as planted: a trend takes a while to cool and end. */
    static final long TAIL = 20 * PlantedEvent.MINUTE;

    /**
     * @param delay millis from its start to its first sample in the top 10 of its scope, or -1 if never
     * @param entries how often it entered that top 10 from its start to its tail's end
     * @param exits how often it left it in that time
     * @param wrongSamples samples where it must not be and was
     */
    record EventResult(PlantedEvent event, boolean detected, long delay, int entries, int exits, int wrongSamples) {
    }

    final String detector;

    final List<EventResult> events = new ArrayList<>();

    final int samples;

    final int falsePositiveSamples;

    final long slots;

    final long plantedSlots;

    /** The samples each false positive ({@code <scope>|<tag>}) was in the top 10 of. */
    final Map<String, Integer> falseTags = new java.util.TreeMap<>(); // by scope and tag

    GroundTruthScore(TopTenSamples top, List<PlantedEvent> planted) {
        this.detector = top.detector();
        int all = 0;
        int falsePositive = 0;
        long allSlots = 0;
        long positiveSlots = 0;
        Map<String, NavigableMap<Long, List<String>>> tops = top.all();
        for (PlantedEvent event : planted) {
            events.add(score(tops, event));
        }
        for (Map.Entry<String, NavigableMap<Long, List<String>>> scope : tops.entrySet()) {
            for (Map.Entry<Long, List<String>> sample : scope.getValue().entrySet()) {
                all++;
                boolean falseTag = false;
                for (String tag : sample.getValue()) {
                    allSlots++;
                    if (isPlanted(planted, tag, sample.getKey())) {
                        positiveSlots++;
                    }
                    else {
                        falseTag = true;
                        falseTags.merge(scope.getKey() + '|' + tag, 1, Integer::sum);
                    }
                }
                falsePositive += falseTag ? 1 : 0;
            }
        }
        this.samples = all;
        this.falsePositiveSamples = falsePositive;
        this.slots = allSlots;
        this.plantedSlots = positiveSlots;
    }

    private static boolean isPlanted(List<PlantedEvent> planted, String tag, long t) {
        return planted.stream().anyMatch(e -> e.mustTrend() && e.tag().equals(tag) && t >= e.start()
                && t <= e.end() + TAIL);
    }

    private static EventResult score(Map<String, NavigableMap<Long, List<String>>> top, PlantedEvent event) {
        long delay = -1;
        int entries = 0;
        int exits = 0;
        boolean was = false;
        for (Map.Entry<Long, List<String>> sample : top.get(event.scope())
            .subMap(event.start(), true, event.end() + TAIL, true).entrySet()) {
            boolean is = sample.getValue().contains(event.tag());
            if (is && delay < 0) {
                delay = sample.getKey() - event.start();
            }
            entries += is && !was ? 1 : 0;
            exits += was && !is ? 1 : 0;
            was = is;
        }
        int wrong = 0;
        if (event.expectation() == PlantedEvent.Expectation.NEVER) {
            for (NavigableMap<Long, List<String>> scope : top.values()) {
                wrong += (int) scope.values().stream().filter(tags -> tags.contains(event.tag())).count();
            }
            entries = 0;
            exits = 0;
        }
        else if (event.expectation() == PlantedEvent.Expectation.TRENDS_IN_LANGUAGE_ONLY) {
            wrong = (int) top.get("global").subMap(event.start(), true, event.end() + TAIL, true).values().stream()
                .filter(tags -> tags.contains(event.tag())).count();
        }
        boolean detected = event.mustTrend() && delay >= 0 && delay <= event.deadline();
        return new EventResult(event, detected, delay, entries, exits, wrong);
    }

    long mustTrend() {
        return events.stream().filter(r -> r.event().mustTrend()).count();
    }

    long detected() {
        return events.stream().filter(EventResult::detected).count();
    }

    double recall() {
        return detected() / (double) mustTrend();
    }

    double precision() {
        return slots == 0 ? 0 : plantedSlots / (double) slots;
    }

    double falsePositiveRate() {
        return falsePositiveSamples / (double) samples;
    }

    /** @return the mean delay of the events that must trend, a missed one counted at its tail's end */
    double meanDelaySeconds() {
        return events.stream().filter(r -> r.event().mustTrend())
            .mapToLong(r -> r.delay() >= 0 ? r.delay() : r.event().end() + TAIL - r.event().start())
            .average().orElse(0) / 1_000;
    }

    /** @return a markdown table of the detectors side by side: every planted event, then the totals */
    static String table(List<GroundTruthScore> scores) {
        StringBuilder out = new StringBuilder("| planted event | scope | deadline |");
        scores.forEach(s -> out.append(' ').append(s.detector).append(": delay, in/out |"));
        out.append("\n| --- | --- | --- |");
        scores.forEach(s -> out.append(" --- |"));
        for (int i = 0; i < scores.get(0).events.size(); i++) {
            PlantedEvent event = scores.get(0).events.get(i).event();
            out.append("\n| ").append(event.name()).append(" | ")
                .append(event.mustTrend() ? event.scope() : "any").append(" | ")
                .append(event.mustTrend() ? event.deadline() / 1_000 + " s" : "never").append(" |");
            for (GroundTruthScore score : scores) {
                out.append(' ').append(cell(score.events.get(i))).append(" |");
            }
        }
        row(out, "recall (true-positive rate)", scores, s -> String.format("%.1f %% (%d/%d)", 100 * s.recall(),
                s.detected(), s.mustTrend()));
        row(out, "precision (top-10 places)", scores, s -> String.format("%.1f %%", 100 * s.precision()));
        row(out, "false-positive rate (samples)", scores, s -> String.format("%.2f %% (%d/%d)",
                100 * s.falsePositiveRate(), s.falsePositiveSamples, s.samples));
        row(out, "mean detection delay", scores, s -> String.format("%.0f s", s.meanDelaySeconds()));
        return out.append('\n').toString();
    }

    private static void row(StringBuilder out, String name, List<GroundTruthScore> scores,
            java.util.function.Function<GroundTruthScore, String> cell) {
        out.append("\n| **").append(name).append("** | | |");
        scores.forEach(s -> out.append(' ').append(cell.apply(s)).append(" |"));
    }

    private static String cell(EventResult r) {
        if (!r.event().mustTrend()) {
            return r.wrongSamples() == 0 ? "never trended ✓" : "trended in " + r.wrongSamples() + " samples ✗";
        }
        String delay = r.delay() < 0 ? "missed ✗" : (r.delay() / 1_000) + " s" + (r.detected() ? " ✓" : " (late) ✗");
        String extra = r.event().expectation() == PlantedEvent.Expectation.TRENDS_IN_LANGUAGE_ONLY
                ? ", global in " + r.wrongSamples() + " samples" : "";
        return delay + ", " + r.entries() + "/" + r.exits() + extra;
    }
}
