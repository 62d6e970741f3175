package io.tagpulse.benchmarks.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The table of record: one row per goal with the measured value, the goal and pass or not, as Markdown and JSON. */
public final class TableOfRecord {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Where and how the figures were measured.
     *
     * @param revision the build's git revision ({@code -dirty} when the work tree had changes)
     * @param date when the command started
     * @param mode {@code quick} or {@code full}
     * @param cores the machine's cores
     * @param loadBefore the load average (1, 5, 15 min) when the command started
     * @param loadAfter the load average when it ended
     * @param arguments the command's arguments
     */
    public record Context(String revision, Instant date, String mode, int cores, String loadBefore, String loadAfter,
            List<String> arguments) {

        public Context {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(date, "date");
            arguments = List.copyOf(arguments);
        }
    }

    private final Context context;

    private final List<Measurement> rows;

    private final List<LoadStep> steps;

    /**
     * @param context where and how
     * @param rows one per goal, in the table's order
     * @param steps the pipeline's rate steps (empty if the pipeline was not run)
     */
    public TableOfRecord(Context context, List<Measurement> rows, List<LoadStep> steps) {
        this.context = Objects.requireNonNull(context, "context");
        this.rows = List.copyOf(rows);
        this.steps = List.copyOf(steps);
    }

    /** @return the rows, in order */
    public List<Measurement> rows() {
        return rows;
    }

    /** @return the table as Markdown, headed by where and how it was measured */
    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                "Table of record (issue 20): build %s, %s, %s run, %d cores, load average %s → %s%n%n", context.revision(), context.date(), context.mode(), context.cores(), context.loadBefore(),
                context.loadAfter()));
        text.append("| Goal | Measured | Target | Pass | Runs | How |\n|---|---|---|---|---|---|\n");
        for (Measurement row : rows) {
            Goal goal = row.goal();
            text.append("| ").append(goal.description())
                .append(" | ").append(row.value().isPresent()
                        ? Goal.format(row.value().getAsDouble()) + " " + goal.unit() : "not measured")
                .append(" | ").append(goal.targetText())
                .append(" | ").append(switch (row.verdict()) {
                    case PASS -> "yes";
                    case FAIL -> "no";
                    case NOT_MEASURED -> "–";
                })
                .append(" | ").append(String.join(", ", row.runs().stream().map(Goal::format).toList()))
                .append(" | ").append(row.note().replace("|", "\\|"))
                .append(" |\n");
        }
        long passed = rows.stream().filter(row -> row.verdict() == Measurement.Verdict.PASS).count();
        long measured = rows.stream().filter(row -> row.verdict() != Measurement.Verdict.NOT_MEASURED).count();
        text.append(String.format("%n%d of %d measured goals met; Measured is the median of the runs.%n", passed,
                measured));
        return text.toString();
    }

    /** @return every measured value with its unit, goal, pass, runs, and the context, as a JSON document */
    public String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("revision", context.revision());
        document.put("date", context.date().toString());
        document.put("mode", context.mode());
        document.put("arguments", context.arguments());
        document.put("cores", context.cores());
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("before", context.loadBefore());
        load.put("after", context.loadAfter());
        document.put("loadAverage", load);
        List<Map<String, Object>> goals = new ArrayList<>();
        for (Measurement row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", row.goal().id());
            entry.put("group", row.goal().group());
            entry.put("description", row.goal().description());
            entry.put("value", row.value().isPresent() ? row.value().getAsDouble() : null);
            entry.put("unit", row.goal().unit());
            entry.put("goal", Map.of("bound", row.goal().bound().symbol(), "target", row.goal().target()));
            entry.put("pass", row.verdict() == Measurement.Verdict.NOT_MEASURED ? null
                    : row.verdict() == Measurement.Verdict.PASS);
            entry.put("runs", row.runs());
            entry.put("note", row.note());
            goals.add(entry);
        }
        document.put("goals", goals);
        List<Map<String, Object>> series = new ArrayList<>();
        for (LoadStep step : steps) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("offeredPostsPerSecond", step.offered());
            entry.put("achievedPostsPerSecond", step.achieved());
            entry.put("bounded", step.bounded());
            entry.put("p50Ms", step.p50Ms());
            entry.put("p99Ms", step.p99Ms());
            entry.put("cores", step.cores());
            series.add(entry);
        }
        document.put("pipelineSteps", series);
        return JSON.writeValueAsString(document) + "\n";
    }
}
