package io.tagpulse.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.tagpulse.local.ManagedProcess;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where each process of the running pipeline spends its CPU at a steady rate (issue 20's profile per stage): one
 * local pipeline ({@link PipelineBenchmark.Session}), a warm-up, then JFR with its {@code profile} settings attached
 * with {@code jcmd} to the broker and every app for one measured step. For each process: its cores and microseconds
 * of CPU per post, the share of its execution samples by thread, by what the stacks pass through (inclusive: a
 * sample counts for every category on its stack) and by hottest method (the leaf). Writes {@code profile.md} and
 * keeps the recordings beside it.
 * <p>
 * Arguments: {@code [--rate 2000] [--seconds 90] [--warmup-seconds 60] [--settings profile|default] [--out DIR]}
 * (default {@code benchmarks/target/profile}); JFR's {@code default} settings sample half as often and record less,
 * for a machine that the {@code profile} settings in seven JVMs would saturate.
 */
public final class PipelineProfile {

    /** What a stack passes through, checked on every frame's {@code class.method}; a sample counts once for each. */
    static final Map<String, Pattern> CATEGORIES = categories(
            "counter: trend stage", "^io\\.tagpulse\\.counter\\.trend\\.",
            "counter: distinct-author sketches", "^org\\.apache\\.datasketches\\.",
            "counter: windows", "^io\\.tagpulse\\.counter\\.(window|app)\\.",
            "filter: its topology", "^io\\.tagpulse\\.filter\\.",
            "processor: its function", "^io\\.tagpulse\\.processor\\.",
            "sink: its transactions", "^io\\.tagpulse\\.sink\\.",
            "dashboard: its API and push", "^io\\.tagpulse\\.dashboard\\.",
            "H2 file store", "^org\\.h2\\.mvstore\\.",
            "H2 SQL", "^org\\.h2\\.(command|jdbc|index|table)\\.",
            "RocksDB", "^org\\.rocksdb\\.",
            "Kafka Streams commit", "^org\\.apache\\.kafka\\.streams\\.processor\\.internals\\.TaskManager\\.commit",
            "Kafka producer", "^org\\.apache\\.kafka\\.clients\\.producer\\.",
            "Kafka consumer", "^org\\.apache\\.kafka\\.clients\\.consumer\\.",
            "JSON", "^(tools\\.jackson|com\\.fasterxml\\.jackson)\\.",
            "Spring Cloud Stream, Integration, Kafka", "^org\\.springframework\\.(cloud\\.stream|integration|kafka|"
                    + "messaging)\\.",
            "Spring web", "^org\\.springframework\\.(web|http)\\.|^org\\.apache\\.(catalina|coyote|tomcat)\\.",
            "Micrometer", "^io\\.micrometer\\.",
            "broker: produce requests", "^kafka\\.server\\.KafkaApis\\.handleProduceRequest",
            "broker: fetch requests", "^kafka\\.server\\.KafkaApis\\.handleFetchRequest",
            "broker: transaction coordinator", "^(kafka\\.coordinator\\.transaction|org\\.apache\\.kafka\\.coordinator"
                    + "\\.transaction)\\.",
            "broker: transaction markers", "^kafka\\.server\\.KafkaApis\\.handle(WriteTxnMarkers|EndTxn)",
            "broker: group coordinator", "^org\\.apache\\.kafka\\.coordinator\\.group\\.",
            "broker: log appends", "^(kafka\\.log|org\\.apache\\.kafka\\.storage\\.internals\\.log)\\..*\\.append",
            "broker: network", "^(kafka\\.network|org\\.apache\\.kafka\\.common\\.network)\\.");

    private PipelineProfile() {
    }

    private static Map<String, Pattern> categories(String... labelsAndPatterns) {
        Map<String, Pattern> categories = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndPatterns.length; i += 2) {
            categories.put(labelsAndPatterns[i], Pattern.compile(labelsAndPatterns[i + 1]));
        }
        return categories;
    }

    /**
     * One process's samples, summarized.
     *
     * @param samples execution samples in the recording
     * @param threads samples by thread, a UUID in its name replaced by {@code ID} and its digits by {@code N} (its
     *     pool, not each thread)
     * @param categories samples by category ({@link #CATEGORIES}), inclusive
     * @param leaves samples by hottest method
     */
    record Summary(int samples, Map<String, Integer> threads, Map<String, Integer> categories,
            Map<String, Integer> leaves) {
    }

    /** @return the execution samples of a JFR recording, summarized */
    static Summary summarize(Path recording) throws IOException {
        int samples = 0;
        Map<String, Integer> threads = new TreeMap<>();
        Map<String, Integer> categories = new LinkedHashMap<>();
        Map<String, Integer> leaves = new TreeMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                String thread = event.getThread("sampledThread") == null ? "?"
                        : String.valueOf(event.getThread("sampledThread").getJavaName());
                threads.merge(thread.replaceAll("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}", "ID")
                    .replaceAll("\\d+", "N"), 1, Integer::sum);
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    leaves.merge(name(frames.get(0)), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    CATEGORIES.forEach((label, pattern) -> {
                        if (pattern.matcher(name).find() && seen.add(label)) {
                            categories.merge(label, 1, Integer::sum);
                        }
                    });
                }
            }
        }
        return new Summary(samples, threads, categories, leaves);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName() + "." + frame.getMethod()
            .getName();
    }

    /** @return the summary as Markdown: shares of the process's samples, the largest first, those of 2 % or more */
    static String markdown(String process, double cores, int rate, Summary summary) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "- **%s**: %.2f cores, %.0f µs of CPU per post, %,d samples%n", process,
                cores, cores * 1e6 / rate, summary.samples()));
        text.append("  - threads: ").append(shares(summary.threads(), summary.samples(), 6)).append('\n');
        text.append("  - stacks through (inclusive): ").append(shares(summary.categories(), summary.samples(), 12))
            .append('\n');
        text.append("  - hottest methods: ").append(shares(summary.leaves(), summary.samples(), 8)).append('\n');
        return text.toString();
    }

    private static String shares(Map<String, Integer> counts, int total, int limit) {
        if (total == 0) {
            return "no samples";
        }
        List<String> parts = counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
            .filter(entry -> entry.getValue() * 50 >= total)
            .limit(limit)
            .map(entry -> String.format(Locale.ROOT, "%s %d %%", entry.getKey(),
                    Math.round(100.0 * entry.getValue() / total)))
            .toList();
        return parts.isEmpty() ? "none of 2 % or more" : String.join(", ", parts);
    }

    public static void main(String[] args) throws Exception {
        int rate = 2_000;
        int seconds = 90;
        int warmupSeconds = 60;
        String settings = "profile";
        Path out = Path.of("benchmarks/target/profile");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--settings" -> settings = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --rate R --seconds S --warmup-seconds W --settings profile|default --out DIR");
            }
        }
        out = Files.createDirectories(out).toAbsolutePath();
        String jcmd = Path.of(ManagedProcess.javaExecutable()).resolveSibling("jcmd").toString();
        StringBuilder report = new StringBuilder();
        try (PipelineBenchmark.Session session = PipelineBenchmark.Session.start(List.of(), List.of(),
                System.out::println)) {
            session.warmUp(rate, warmupSeconds);
            Map<String, Long> pids = session.pids();
            for (Map.Entry<String, Long> process : pids.entrySet()) {
                Path recording = out.resolve(process.getKey() + ".jfr");
                Files.deleteIfExists(recording);
                run(jcmd, process.getValue(), "JFR.start", "name=tagpulse-profile", "settings=" + settings,
                        "filename=" + recording);
            }
            PipelineBenchmark.Step step = session.step(rate, seconds);
            for (Map.Entry<String, Long> process : pids.entrySet()) {
                run(jcmd, process.getValue(), "JFR.stop", "name=tagpulse-profile");
            }
            report.append(String.format(Locale.ROOT, "Profile of each process at %,d posts/s (%s, %d s, JFR %s "
                    + "settings; %s, p99 window end → database %s ms; %.2f cores in all)%n%n", rate,
                    System.getProperty("tagpulse.bench.revision", "unknown"), seconds, settings,
                    step.bounded() ? "bounded" : "NOT bounded", step.p99(), step.totalCores()));
            List<Map.Entry<String, Double>> byCores = new ArrayList<>(step.cores().entrySet());
            byCores.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
            for (Map.Entry<String, Double> process : byCores) {
                Path recording = out.resolve(process.getKey() + ".jfr");
                if (Files.exists(recording)) {
                    report.append(markdown(process.getKey(), process.getValue(), rate, summarize(recording)));
                }
            }
        }
        Files.writeString(out.resolve("profile.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("Written: " + out.resolve("profile.md") + " and each process's recording beside it");
    }

    private static void run(String jcmd, long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jcmd, Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", line) + " failed: " + output.strip());
        }
    }
}
