package io.tagpulse.benchmarks.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two builds' tables of record side by side ({@code benchmarks/compare.sh}): each build's {@code results.json} files
 * (one per group, each run by that build's own benchmarks command) merged into one table per build, then one row per
 * goal with the before and after values, after / before, and pass or not for each.
 */
public final class Comparison {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * One build's measured goals, merged from its groups' results.
     *
     * @param revisions the build's revisions as its results name them (one, unless the groups ran on different ones)
     * @param goals each goal's entry of {@code results.json}, by id, in the order first seen
     * @param steps the pipeline's rate steps
     * @param runs each group's run: its revision, date, mode and load average before and after
     */
    public record Build(List<String> revisions, Map<String, JsonNode> goals, List<JsonNode> steps,
            List<String> runs) {

        /** @return the build merged from these {@code results.json} documents: a measured value wins over none */
        public static Build merge(List<JsonNode> results) {
            List<String> revisions = new ArrayList<>();
            Map<String, JsonNode> goals = new LinkedHashMap<>();
            List<JsonNode> steps = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            for (JsonNode result : results) {
                String revision = result.get("revision").asString();
                if (!revisions.contains(revision)) {
                    revisions.add(revision);
                }
                List<String> groups = new ArrayList<>();
                for (JsonNode goal : result.get("goals")) {
                    String id = goal.get("id").asString();
                    if (!goal.get("value").isNull()) {
                        goals.put(id, goal);
                        if (!groups.contains(goal.get("group").asString())) {
                            groups.add(goal.get("group").asString());
                        }
                    }
                    else {
                        goals.putIfAbsent(id, goal);
                    }
                }
                result.get("pipelineSteps").forEach(steps::add);
                runs.add(String.format("%s (%s): %s, %s run, load average %s → %s", String.join(", ", groups),
                        revision, result.get("date").asString(), result.get("mode").asString(),
                        result.get("loadAverage").get("before").asString(),
                        result.get("loadAverage").get("after").asString()));
            }
            return new Build(List.copyOf(revisions), goals, List.copyOf(steps), List.copyOf(runs));
        }

        /** @return every {@code results.json} under {@code dir}, merged */
        public static Build read(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no results.json under " + dir + ": no such directory");
            }
            try (Stream<Path> files = Files.walk(dir)) {
                List<JsonNode> results = files.filter(file -> file.getFileName().toString().equals("results.json"))
                    .sorted()
                    .map(file -> JSON.readTree(file.toFile()))
                    .toList();
                if (results.isEmpty()) {
                    throw new IllegalArgumentException("no results.json under " + dir);
                }
                return merge(results);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        String revision() {
            return String.join(" + ", revisions);
        }
    }

    private final Build before;

    private final Build after;

    public Comparison(Build before, Build after) {
        this.before = before;
        this.after = after;
    }

    /** @return the table: one row per goal either build measured, then the pipeline's steps of each, as Markdown */
    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Before and after (issue 20): build %s against build %s%n%n", after.revision(),
                before.revision()));
        text.append("| Goal | Target | Before | After | After / before | Pass before | Pass after |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        for (String id : ids()) {
            JsonNode was = before.goals().get(id);
            JsonNode now = after.goals().get(id);
            JsonNode any = now != null ? now : was;
            text.append("| ").append(any.get("description").asString())
                .append(" | ").append(any.get("goal").get("bound").asString()).append(' ')
                .append(Goal.format(any.get("goal").get("target").asDouble())).append(' ')
                .append(any.get("unit").asString())
                .append(" | ").append(value(was))
                .append(" | ").append(value(now))
                .append(" | ").append(ratio(was, now))
                .append(" | ").append(pass(was))
                .append(" | ").append(pass(now))
                .append(" |\n");
        }
        text.append(String.format("%nMeasured values are each build's medians; the runs of each build:%n"));
        before.runs().forEach(run -> text.append("- before: ").append(run).append('\n'));
        after.runs().forEach(run -> text.append("- after: ").append(run).append('\n'));
        if (!before.steps().isEmpty() || !after.steps().isEmpty()) {
            text.append(String.format("%nPipeline rate steps (offered posts/s: achieved, bounded, p99 window end → "
                    + "database, cores):%n%n| Offered | Before | After |%n|---|---|---|%n"));
            List<Double> offered = Stream.concat(before.steps().stream(), after.steps().stream())
                .map(step -> step.get("offeredPostsPerSecond").asDouble())
                .distinct()
                .sorted()
                .toList();
            for (double rate : offered) {
                text.append("| ").append(Goal.format(rate))
                    .append(" | ").append(steps(before, rate))
                    .append(" | ").append(steps(after, rate))
                    .append(" |\n");
            }
        }
        return text.toString();
    }

    /** @return both builds' goals side by side as a JSON document */
    public String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("before", before.revision());
        document.put("after", after.revision());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ids()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("before", before.goals().get(id));
            row.put("after", after.goals().get(id));
            rows.add(row);
        }
        document.put("goals", rows);
        document.put("beforeRuns", before.runs());
        document.put("afterRuns", after.runs());
        document.put("beforePipelineSteps", before.steps());
        document.put("afterPipelineSteps", after.steps());
        return JSON.writeValueAsString(document) + "\n";
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>(before.goals().keySet());
        after.goals().keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids;
    }

    private static boolean measured(JsonNode goal) {
        return goal != null && !goal.get("value").isNull();
    }

    private static String value(JsonNode goal) {
        return measured(goal) ? Goal.format(goal.get("value").asDouble()) + " " + goal.get("unit").asString()
                : "not measured";
    }

    private static String ratio(JsonNode was, JsonNode now) {
        if (!measured(was) || !measured(now) || was.get("value").asDouble() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", now.get("value").asDouble() / was.get("value").asDouble());
    }

    private static String pass(JsonNode goal) {
        if (!measured(goal) || goal.get("pass").isNull()) {
            return "–";
        }
        return goal.get("pass").asBoolean() ? "yes" : "no";
    }

    private static String steps(Build build, double rate) {
        return build.steps().stream()
            .filter(step -> step.get("offeredPostsPerSecond").asDouble() == rate)
            .map(step -> Goal.format(step.get("achievedPostsPerSecond").asDouble())
                    + (step.get("bounded").asBoolean() ? ", bounded" : ", not bounded")
                    + (step.get("p99Ms").isNull() ? "" : ", " + step.get("p99Ms").asLong() + " ms")
                    + ", " + Goal.format(step.get("cores").asDouble()) + " cores")
            .reduce((a, b) -> a + "; " + b)
            .orElse("–");
    }

    /** Arguments: the before build's results directory, the after build's, and where to write the comparison. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Comparison BEFORE_DIR AFTER_DIR OUT_DIR");
            System.exit(2);
        }
        Comparison comparison = new Comparison(Build.read(Path.of(args[0])), Build.read(Path.of(args[1])));
        Path out = Files.createDirectories(Path.of(args[2]));
        Files.writeString(out.resolve("comparison.md"), comparison.markdown());
        Files.writeString(out.resolve("comparison.json"), comparison.json());
        System.out.println(comparison.markdown());
        System.out.println("Written: " + out.resolve("comparison.md") + ", " + out.resolve("comparison.json"));
    }
}
