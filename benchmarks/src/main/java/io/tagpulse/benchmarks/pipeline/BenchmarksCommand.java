package io.tagpulse.benchmarks.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import io.tagpulse.benchmarks.record.Goal;
import io.tagpulse.benchmarks.record.Goals;
import io.tagpulse.benchmarks.record.LoadCurve;
import io.tagpulse.benchmarks.record.LoadStep;
import io.tagpulse.benchmarks.record.Measurement;
import io.tagpulse.benchmarks.record.Progress;
import io.tagpulse.benchmarks.record.TableOfRecord;

/**
 * The benchmarks command ({@code benchmarks/run.sh}): runs what the goals of issue 20 need and prints the table of
 * record (one row per goal: the measured value, the goal, pass or not), and writes it under {@code benchmarks/target}
 * as {@code results.json}, {@code results.md} and {@code throughput.svg} (achieved throughput and p99 delay against
 * offered load). Groups, in order: {@code stages} ({@link StageBenchmark}: filter and processor against the raw
 * passthrough, the counter against a plain Kafka Streams count), {@code rest} and {@code pipeline} (one
 * {@link PipelineBenchmark} session: CPU and RSS at 200 posts/s and at rest, then rate steps up to the first
 * unbounded one, then steps at half the highest bounded rate), {@code startup} ({@link StartupRun}).
 * <p>
 * Arguments: {@code [--quick] [--only stages,rest,pipeline,startup] [--out DIR]}. {@code --quick}: a few minutes, one
 * run each, small record counts and short steps; the default: medians of 3 runs.
 */
public final class BenchmarksCommand {

    /** How much each group measures: the quick check or the run of record. */
    record Plan(String mode, int runs, int stageRecords, int stageHeadRecords, int restSeconds, int warmupSeconds,
            List<Integer> rates, int stepSeconds, int halfRateSeconds) {

        static Plan quick() {
            return new Plan("quick", 1, 20_000, 2_000, 30, 10,
                    List.of(2_000, 4_000, 6_000, 8_000, 12_000, 16_000, 25_000), 20, 30);
        }

        static Plan full() {
            return new Plan("full", 3, 300_000, 300_000, 60, 30,
                    List.of(1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 12_500, 15_000, 20_000, 25_000), 60, 60);
        }

        /** @return a rough estimate of how long {@code group} takes, for the progress display */
        Duration estimate(String group) {
            long seconds = switch (group) {
                case Goals.STAGES -> 60 + (long) runs * STAGES.size() * (25 + stageRecords / 20_000);
                case Goals.REST -> 120 + warmupSeconds + (long) runs * 2 * (restSeconds + 15);
                case Goals.PIPELINE -> warmupSeconds + (long) rates.size() / 2 * (stepSeconds + 20)
                        + (long) runs * (halfRateSeconds + 20);
                case Goals.STARTUP -> (long) runs * 150;
                default -> 60;
            };
            return Duration.ofSeconds(seconds);
        }
    }

    /** The stages the ratios need: each and its reference. */
    static final List<String> STAGES = List.of("passthrough", "filter", "processor", "plain-count", "counter");

    private final Plan plan;

    private final Path out;

    private final List<String> arguments;

    private final Map<Goal, Measurement> rows = new LinkedHashMap<>();

    private final List<LoadStep> loadSteps = new ArrayList<>();

    private BenchmarksCommand(Plan plan, Path out, List<String> arguments) {
        this.plan = plan;
        this.out = out;
        this.arguments = arguments;
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.full();
        Set<String> groups = Set.copyOf(Goals.GROUPS);
        Path out = Path.of("benchmarks/target");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> plan = Plan.quick();
                    case "--only" -> groups = Goals.parseGroups(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --quick, --only "
                            + String.join(",", Goals.GROUPS) + ", --out DIR");
                }
            }
        }
        catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
            System.err.println(ex instanceof ArrayIndexOutOfBoundsException ? args[args.length - 1]
                    + " needs a value" : ex.getMessage());
            System.exit(2);
        }
        boolean terminal = Boolean.getBoolean("tagpulse.bench.tty");
        new BenchmarksCommand(plan, out, List.of(args)).run(groups, terminal);
    }

    private void run(Set<String> groups, boolean terminal) throws Exception {
        Files.createDirectories(out);
        // Ctrl-C stops the pipeline's broker and apps too (they run in sessions of their own).
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeSession, "stop-pipeline"));
        Instant date = Instant.now();
        String loadBefore = Proc.loadavg();
        List<String> selected = Goals.GROUPS.stream().filter(groups::contains).toList();
        PrintStream console = System.out;
        Path logFile = out.resolve("benchmarks.log");
        Files.deleteIfExists(logFile);
        console.printf("Benchmarks (%s run): %s; load average %s; the harnesses' output: %s%n", plan.mode(),
                String.join(", ", selected), loadBefore, logFile);
        try (Progress progress = new Progress(console, terminal, System::nanoTime);
                PrintStream log = new PrintStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            Consumer<String> lines = text -> {
                for (String line : text.split("\n")) {
                    log.println(line);
                    progress.detail(line);
                }
            };
            // The harnesses print as they go: into the log, and the latest line onto the status line.
            System.setOut(new PrintStream(new LineSplitter(lines), true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < selected.size(); i++) {
                    String group = selected.get(i);
                    progress.step(i + 1, selected.size(), group, plan.estimate(group));
                    try {
                        measure(group, selected, lines);
                    }
                    catch (Exception | AssertionError ex) {
                        lines.accept(group + " failed: " + ex);
                        ex.printStackTrace(log);
                    }
                    for (Goal goal : Goals.of(Set.of(group))) {
                        rows.putIfAbsent(goal, Measurement.notMeasured(goal, group + " failed: see " + logFile));
                    }
                }
            }
            finally {
                System.setOut(console);
            }
        }
        finally {
            closeSession();
        }
        List<Measurement> table = new ArrayList<>();
        for (Goal goal : Goals.all()) {
            table.add(rows.getOrDefault(goal, Measurement.notMeasured(goal, "not run (--only)")));
        }
        TableOfRecord record = new TableOfRecord(new TableOfRecord.Context(
                System.getProperty("tagpulse.bench.revision", "unknown"), date, plan.mode(),
                Runtime.getRuntime().availableProcessors(), loadBefore, Proc.loadavg(), arguments), table, loadSteps);
        Files.writeString(out.resolve("results.md"), record.markdown());
        Files.writeString(out.resolve("results.json"), record.json());
        System.out.println();
        System.out.println(record.markdown());
        if (!loadSteps.isEmpty()) {
            LoadCurve.chart(loadSteps, "Tagpulse pipeline, " + plan.mode() + " run, build "
                    + System.getProperty("tagpulse.bench.revision", "unknown") + ", " + date)
                .write(out.resolve("throughput.svg"));
        }
        System.out.println("Written: " + out.resolve("results.md") + ", " + out.resolve("results.json")
                + (loadSteps.isEmpty() ? "" : ", " + out.resolve("throughput.svg")));
    }

    private PipelineBenchmark.Session session;

    private void measure(String group, List<String> selected, Consumer<String> log) throws Exception {
        switch (group) {
            case Goals.STAGES -> stages(log);
            case Goals.REST -> rest(session(log));
            case Goals.PIPELINE -> pipeline(session(log));
            case Goals.STARTUP -> {
                // The next group starts a launcher of its own: the rate steps' pipeline goes first.
                closeSession();
                startup(log);
            }
            default -> throw new IllegalArgumentException(group);
        }
        if (group.equals(Goals.REST) && !selected.contains(Goals.PIPELINE)) {
            closeSession();
        }
        if (group.equals(Goals.PIPELINE)) {
            closeSession();
        }
    }

    private synchronized PipelineBenchmark.Session session(Consumer<String> log) throws Exception {
        if (session == null) {
            session = PipelineBenchmark.Session.start(List.of(), List.of(), log);
        }
        return session;
    }

    private synchronized void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void stages(Consumer<String> log) throws Exception {
        List<StageBenchmark.Result> results = StageBenchmark.run(plan.stageRecords(), plan.stageHeadRecords(),
                plan.runs(), STAGES, null, out.resolve("stage-results.md"), new String[0], log);
        String how = String.format("%,d posts (processor: %,d), %d run(s); benchmarks/target/stage-results.md",
                plan.stageRecords(), Math.min(plan.stageRecords(), plan.stageHeadRecords()), plan.runs());
        put(Goals.FILTER, StageBenchmark.steadyRatios(results, "filter"), how);
        put(Goals.PROCESSOR, StageBenchmark.steadyRatios(results, "processor"), how);
        put(Goals.COUNTER, StageBenchmark.steadyRatios(results, "counter"), how);
    }

    private void rest(PipelineBenchmark.Session pipeline) throws Exception {
        pipeline.warmUp(Goals.FRUGAL_RATE, plan.warmupSeconds());
        List<Double> atRate = new ArrayList<>();
        List<Double> atRest = new ArrayList<>();
        Map<String, List<Double>> rss = new LinkedHashMap<>();
        for (int run = 0; run < plan.runs(); run++) {
            // Alternating, so that both see the same machine.
            PipelineBenchmark.Step busy = pipeline.step(Goals.FRUGAL_RATE, plan.restSeconds());
            atRate.add(busy.totalCores());
            busy.rssMb().forEach((app, mb) -> rss.computeIfAbsent(app, a -> new ArrayList<>()).add((double) mb));
            pipeline.drain();
            atRest.add(pipeline.step(0, plan.restSeconds()).totalCores());
        }
        String how = String.format("posts produced to tagpulse.posts by the harness, %d s a run", plan.restSeconds());
        put(Goals.CORES_AT_RATE, atRate, how);
        put(Goals.CORES_AT_REST, atRest, String.format("%d s a run after a drain", plan.restSeconds()));
        for (String app : Goals.APPS) {
            put(Goals.rss(app), rss.getOrDefault(app, List.of()), "at the end of each run at "
                    + Goals.FRUGAL_RATE + " posts/s");
        }
    }

    private void pipeline(PipelineBenchmark.Session pipeline) throws Exception {
        pipeline.warmUp(plan.rates().get(0), plan.warmupSeconds());
        for (int rate : plan.rates()) {
            PipelineBenchmark.Step step = pipeline.step(rate, plan.stepSeconds());
            loadSteps.add(loadStep(step));
            if (!step.bounded()) {
                break;
            }
            pipeline.drain();
        }
        OptionalInt max = LoadCurve.maxBounded(loadSteps);
        String ramp = String.format("steps of %d s at %s posts/s until the first unbounded one; 1 ramp",
                plan.stepSeconds(), String.join(", ", loadSteps.stream().map(s -> Goal.format(s.offered())).toList()));
        if (max.isEmpty()) {
            rows.put(Goals.PIPELINE_MAX, Measurement.of(Goals.PIPELINE_MAX, List.of(0.0),
                    "not even the first step was bounded; " + ramp));
            rows.put(Goals.PIPELINE_P99, Measurement.notMeasured(Goals.PIPELINE_P99, "no bounded rate"));
            return;
        }
        put(Goals.PIPELINE_MAX, List.of((double) max.getAsInt()), ramp);
        int half = LoadCurve.half(max.getAsInt());
        pipeline.drain();
        List<Double> p99 = new ArrayList<>();
        for (int run = 0; run < plan.runs(); run++) {
            PipelineBenchmark.Step step = pipeline.step(half, plan.halfRateSeconds());
            loadSteps.add(loadStep(step));
            if (step.p99() != null) {
                p99.add((double) step.p99());
            }
            pipeline.drain();
        }
        put(Goals.PIPELINE_P99, p99, String.format("%,d posts/s, %d s a run", half, plan.halfRateSeconds()));
    }

    private void startup(Consumer<String> log) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int run = 1; run <= plan.runs(); run++) {
            log.accept(String.format("./run-local.sh --no-build, run %d of %d ...", run, plan.runs()));
            seconds.add(StartupRun.measure(Path.of("").toAbsolutePath(),
                    out.resolve("startup-run").toAbsolutePath(), Duration.ofMinutes(8), log));
            log.accept(String.format("first counts %.1f s after the command", seconds.get(seconds.size() - 1)));
        }
        put(Goals.FIRST_COUNTS, seconds, "a fresh work directory and free ports each run");
    }

    private static LoadStep loadStep(PipelineBenchmark.Step step) {
        return new LoadStep(step.rate(), step.achievedRate(), step.bounded(), step.p50(), step.p99(),
                step.totalCores());
    }

    private void put(Goal goal, List<Double> runs, String how) {
        rows.put(goal, runs.isEmpty() ? Measurement.notMeasured(goal, "no value: " + how)
                : Measurement.of(goal, runs, how));
    }

    /** Hands each complete line written to it on to a consumer. */
    static final class LineSplitter extends OutputStream {

        private final Consumer<String> lines;

        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (b == '\n') {
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            else {
                line.write(b);
            }
        }
    }
}
