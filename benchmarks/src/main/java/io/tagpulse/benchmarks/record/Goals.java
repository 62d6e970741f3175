package io.tagpulse.benchmarks.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tagpulse.benchmarks.record.Goal.Bound;

/** The goals of issue 20, one row each in the table of record, in the order the table shows them. */
public final class Goals {

    /** The whole pipeline's rate steps: the highest bounded rate and the delay at half of it. */
    public static final String PIPELINE = "pipeline";

    /** Each stage alone against its reference (StageBenchmark). */
    public static final String STAGES = "stages";

    /** The whole pipeline's CPU at 200 posts/s and with nothing flowing; each app's RSS at 200 posts/s. */
    public static final String REST = "rest";

    /** First counts in the database after {@code ./run-local.sh --no-build}. */
    public static final String STARTUP = "startup";

    /** Every group, in the order the command runs them. */
    public static final List<String> GROUPS = List.of(STAGES, REST, PIPELINE, STARTUP);

    /** The apps whose RSS has a goal each (the broker has none). */
    public static final List<String> APPS = List.of("source", "filter", "processor", "counter", "sink", "dashboard");

    /** The rate at which the pipeline's CPU and the apps' RSS are measured: the generator's default. */
    public static final int FRUGAL_RATE = 200;

    public static final Goal PIPELINE_MAX = new Goal("pipeline-max-bounded", PIPELINE,
            "pipeline posts/s, highest bounded rate (1–4 tags a post)", "posts/s", Bound.AT_LEAST, 25_000);

    public static final Goal PIPELINE_P99 = new Goal("pipeline-p99-at-half", PIPELINE,
            "p99 window end → database at half that rate", "ms", Bound.BELOW, 1_000);

    public static final Goal FILTER = new Goal("filter-ratio", STAGES,
            "filter / raw passthrough, records/s (2nd half)", "x", Bound.AT_LEAST, 0.6);

    public static final Goal PROCESSOR = new Goal("processor-ratio", STAGES,
            "processor / raw passthrough, records/s (2nd half)", "x", Bound.AT_LEAST, 0.6);

    public static final Goal COUNTER = new Goal("counter-ratio", STAGES,
            "counter / plain Kafka Streams windowed count, mentions/s (2nd half)", "x", Bound.AT_LEAST, 1.0);

    public static final Goal CORES_AT_RATE = new Goal("cores-at-200", REST,
            "whole pipeline CPU at " + FRUGAL_RATE + " posts/s (broker + six apps)", "cores", Bound.AT_MOST, 0.15);

    public static final Goal CORES_AT_REST = new Goal("cores-at-rest", REST,
            "whole pipeline CPU at rest, nothing flowing", "cores", Bound.AT_MOST, 0.05);

    public static final Goal FIRST_COUNTS = new Goal("first-counts", STARTUP,
            "first counts after ./run-local.sh --no-build", "s", Bound.AT_MOST, 30);

    private Goals() {
    }

    /** @return the RSS goal of one app */
    public static Goal rss(String app) {
        if (!APPS.contains(app)) {
            throw new IllegalArgumentException("no RSS goal for " + app + "; apps are " + APPS);
        }
        return new Goal("rss-" + app, REST, app + " RSS at " + FRUGAL_RATE + " posts/s", "MB", Bound.BELOW, 300);
    }

    /** @return every goal, in the table's order */
    public static List<Goal> all() {
        List<Goal> goals = new ArrayList<>(List.of(PIPELINE_MAX, PIPELINE_P99, FILTER, PROCESSOR, COUNTER,
                CORES_AT_RATE, CORES_AT_REST));
        APPS.forEach(app -> goals.add(rss(app)));
        goals.add(FIRST_COUNTS);
        return List.copyOf(goals);
    }

    /** @return the goals the named groups measure, in the table's order */
    public static List<Goal> of(Set<String> groups) {
        return all().stream().filter(goal -> groups.contains(goal.group())).toList();
    }

    /**
     * @param only the {@code --only} option: groups separated by commas
     * @return the groups, checked
     */
    public static Set<String> parseGroups(String only) {
        Set<String> groups = new java.util.LinkedHashSet<>();
        for (String group : only.split(",")) {
            String name = group.strip();
            if (!GROUPS.contains(name)) {
                throw new IllegalArgumentException("--only takes " + String.join(",", GROUPS) + ", not '" + name
                        + "'");
            }
            groups.add(name);
        }
        return groups;
    }
}
