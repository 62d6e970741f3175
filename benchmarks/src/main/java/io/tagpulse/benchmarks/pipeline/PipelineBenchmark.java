package io.tagpulse.benchmarks.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.local.LocalPipeline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole pipeline at stepped post rates: the local pipeline ({@link LocalPipeline}: one KRaft broker and the five
 * apps with their local settings and JVM options) on free ports, fed by a loader in this JVM that produces
 * generated posts stamped "now" straight to {@code tagpulse.posts} (the source app runs but is not in the path). Each
 * step holds one rate for a fixed time (60 s by default, not the 5 minutes) and records, every 2 s, the lag
 * of each app's consumer group (end offsets minus committed offsets of its input), in seconds of that input's rate.
 * A step is <em>bounded</em> when every group stays under 5 s of its input behind through the second half of the
 * step. After each step, the delay from the end of each 1 s window to its count in the database (the sink's
 * {@code updated_at} minus {@code window_end}, rows of windows that ended in the step after its first 10 s): p50, p99,
 * max. Also each app's CPU (cores) and RSS. Run by {@code benchmarks/run-stages.sh --pipeline}.
 * <p>
 * Before the steps, a warm-up at the first rate (20 s by default) that is not measured.
 * <p>
 * Arguments: {@code [--rates 2000,5000,...] [--step-seconds S] [--warmup-seconds W] [--keep-going] [--app-arg app=--key=value]...
 * [--app-jvm 'options'] [--out file]}; without {@code --keep-going} the steps stop after the first unbounded one.
 */
public final class PipelineBenchmark {

    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("filter", "tagpulse-filter:" + Topics.POSTS);
        GROUPS.put("processor", "tagpulse-processor:" + Topics.FILTERED_POSTS);
        GROUPS.put("counter", "tagpulse-counter:" + Topics.HASHTAGS);
        GROUPS.put("sink", "tagpulse-sink:" + Topics.HASHTAG_COUNTS);
    }

    private static final double BOUND_SECONDS = 5;

    record Sample(double at, Map<String, Long> lag, Map<String, Long> ends) {
    }

    record Step(int rate, double achievedRate, double seconds, boolean bounded, Map<String, Double> maxSecondsBehind,
            Map<String, Double> maxSecondsBehindWholeStep,
            Map<String, Long> finalLag, long windows, Long p50, Long p99, Long max, Map<String, Double> cores,
            Map<String, Long> rssMb, double loadStart, double loadEnd) {

        /** @return the CPU cores the broker and every app used together */
        double totalCores() {
            return cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> rates = List.of(10, 20, 40, 80, 160, 320, 640, 1_280, 2_560, 5_000, 10_000, 25_000);
        int stepSeconds = 60;
        int warmupSeconds = 20;
        boolean keepGoing = false;
        List<String> appArgs = new ArrayList<>();
        List<String> appJvm = new ArrayList<>();
        Path out = Path.of("benchmarks/target/pipeline-results.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(","))
                    .map(rate -> Integer.parseInt(rate.replace("_", "")))
                    .toList();
                case "--step-seconds" -> stepSeconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--keep-going" -> keepGoing = true;
                case "--app-arg" -> appArgs.add(args[++i]);
                case "--app-jvm" -> appJvm.addAll(List.of(args[++i].strip().split("\\s+")));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --rates R1,R2,... --step-seconds S --warmup-seconds W --keep-going"
                        + " --app-arg APP=--KEY=VALUE --app-jvm 'OPTIONS' --out FILE");
            }
        }
        List<Step> steps = new ArrayList<>();
        double readySeconds;
        List<String> jvm;
        try (Session session = Session.start(appJvm, appArgs, System.out::println)) {
            readySeconds = session.readySeconds();
            jvm = session.appJvmOptions();
            if (warmupSeconds > 0) {
                session.warmUp(rates.get(0), warmupSeconds);
            }
            for (int rate : rates) {
                Step step = session.step(rate, stepSeconds);
                steps.add(step);
                if (!step.bounded() && !keepGoing) {
                    break;
                }
                session.drain();
            }
        }
        String report = report(steps, stepSeconds, readySeconds, args, jvm);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /**
     * The local pipeline started for rate steps, with the harness's admin client, producer and database connection;
     * closing it stops everything.
     */
    static final class Session implements AutoCloseable {

        private final LocalPipeline pipeline;

        private final List<String> appJvmOptions;

        private final double readySeconds;

        private final java.util.function.Consumer<String> log;

        private Admin admin;

        private KafkaProducer<byte[], byte[]> producer;

        private Connection database;

        private final BenchPosts generator = BenchPosts.standard(7, "pipe-");

        private Session(LocalPipeline pipeline, List<String> appJvmOptions, double readySeconds,
                java.util.function.Consumer<String> log) {
            this.pipeline = pipeline;
            this.appJvmOptions = appJvmOptions;
            this.readySeconds = readySeconds;
            this.log = log;
        }

        /**
         * Starts the broker and the apps on free ports (work directory {@code benchmarks/target/pipeline-bench}, or
         * {@code tagpulse.bench.work}), waits until they are healthy.
         *
         * @param appJvm further JVM options for every app
         * @param appArgs further arguments, each {@code app=--key=value}
         * @param log where progress goes
         */
        static Session start(List<String> appJvm, List<String> appArgs, java.util.function.Consumer<String> log)
                throws Exception {
            Path home = Path.of(System.getProperty("tagpulse.local.home", "local-pipeline/target")).toAbsolutePath();
            Path work = Path.of(System.getProperty("tagpulse.bench.work", "benchmarks/target/pipeline-bench"))
                .toAbsolutePath();
            StageBenchmark.deleteRecursively(work);
            Files.createDirectories(work);
            log.accept(String.format("Starting the local pipeline (load average %s) ...", Proc.loadavg()));
            long launch = System.nanoTime();
            // 6 min, not 3: the apps start together on two cores, often beside other builds.
            LocalPipeline.Options options = LocalPipeline.Options.defaults(home, work).withFreePorts()
                .withStartupTimeout(Duration.ofMinutes(6))
                .withJvmOptions(appJvm.toArray(String[]::new));
            for (String appArg : appArgs) {
                // app=--key=value: a further argument for one app (e.g. a diagnostic setting)
                options = options.withArguments(appArg.substring(0, appArg.indexOf('=')),
                        appArg.substring(appArg.indexOf('=') + 1));
            }
            LocalPipeline pipeline = LocalPipeline.start(options);
            double ready = (System.nanoTime() - launch) / 1e9;
            log.accept(String.format("Broker and apps healthy %.1f s after the launch (load average %s)", ready,
                    Proc.loadavg()));
            List<String> jvm = new ArrayList<>();
            for (String app : LocalPipeline.APPS) {
                jvm.add(app + ": " + String.join(" ", options.jvmOptions(app)));
            }
            Session session = new Session(pipeline, jvm, ready, log);
            try {
                session.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        pipeline.bootstrapServers()));
                session.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        pipeline.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(),
                        new ByteArraySerializer());
                session.database = DriverManager.getConnection(pipeline.databaseUrl(), "sa", "");
                return session;
            }
            catch (Exception | Error ex) {
                session.close();
                throw ex;
            }
        }

        /** @return seconds from the launch until the broker and every app were healthy */
        double readySeconds() {
            return readySeconds;
        }

        /** @return the apps' JVM options */
        List<String> appJvmOptions() {
            return appJvmOptions;
        }

        /** @return the process id of the broker and of each app, by name */
        Map<String, Long> pids() {
            return pipeline.pids();
        }

        /** JIT, first transactions, first windows: {@code rate} posts/s for {@code seconds}, not measured. */
        void warmUp(int rate, int seconds) throws Exception {
            log.accept(String.format("Warm-up: %,d posts/s for %d s", rate, seconds));
            load(rate, seconds, producer, generator);
            drain();
        }

        /** One measured step: {@code rate} posts/s for {@code seconds} (0: the pipeline at rest, no lag sampled). */
        Step step(int rate, int seconds) throws Exception {
            log.accept(String.format("%,d posts/s for %d s (load average %s) ...", rate, seconds, Proc.loadavg()));
            Step step = PipelineBenchmark.step(rate, seconds, pipeline, admin, producer, generator, database);
            log.accept(describe(step));
            return step;
        }

        /** Waits until every group has caught up, at most a minute. */
        void drain() throws Exception {
            PipelineBenchmark.drain(admin, Duration.ofSeconds(60));
        }

        @Override
        public void close() {
            try (LocalPipeline stopped = pipeline; Admin a = admin; KafkaProducer<byte[], byte[]> p = producer;
                    Connection d = database) {
                // closed in reverse order: the database, the producer, the admin client, then the pipeline
            }
            catch (Exception ex) {
                log.accept("closing the pipeline: " + ex);
            }
        }
    }

    private static Step step(int rate, int stepSeconds, LocalPipeline pipeline, Admin admin,
            KafkaProducer<byte[], byte[]> producer, BenchPosts generator, Connection database) throws Exception {
        Map<String, Long> pids = pipeline.pids();
        Map<String, Duration> cpu0 = new HashMap<>();
        pids.forEach((name, pid) -> cpu0.put(name, Proc.cpu(pid)));
        double loadStart = Proc.load1();
        List<Sample> samples = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Instant startInstant = Instant.now();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // At rest (rate 0) nothing is sampled: the admin requests would be most of the broker's work then.
        sampler.scheduleAtFixedRate(rate == 0 ? () -> { } : () -> {
            try {
                samples.add(sample(admin, (System.nanoTime() - start) / 1e9));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (Exception ex) {
                if (!(ex.getCause() instanceof InterruptedException)) {
                    System.err.println("lag sample failed: " + ex);
                }
            }
        }, 0, 2, TimeUnit.SECONDS);
        long sent;
        try {
            sent = load(rate, stepSeconds, producer, generator);
        }
        finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Instant endInstant = Instant.now();
        Map<String, Double> cores = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            cores.put(name, (Proc.cpu(pid).toNanos() - cpu0.get(name).toNanos()) / 1e9 / seconds);
            rss.put(name, Proc.statusKb(pid, "VmRSS") / 1024);
        });
        double loadEnd = Proc.load1();
        // Bounded: in the second half of the step every group is less than BOUND_SECONDS of its input behind.
        Map<String, Double> maxBehind = new LinkedHashMap<>();
        Map<String, Double> maxBehindWhole = new LinkedHashMap<>();
        boolean bounded = samples.size() >= 4;
        Sample first = samples.isEmpty() ? null : samples.get(0);
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        for (String app : GROUPS.keySet()) {
            double inputRate = first == null || last.at() <= first.at() ? 0
                    : (last.ends().get(app) - first.ends().get(app)) / (last.at() - first.at());
            double worst = 0;
            double worstWhole = 0;
            for (Sample sample : samples) {
                double behind = inputRate <= 0 ? 0 : sample.lag().get(app) / inputRate;
                worstWhole = Math.max(worstWhole, behind);
                if (sample.at() >= seconds / 2) {
                    worst = Math.max(worst, behind);
                }
            }
            maxBehind.put(app, worst);
            maxBehindWhole.put(app, worstWhole);
            bounded &= worst <= BOUND_SECONDS;
        }
        // Give the last windows of the step time to reach the database before reading the delays.
        Thread.sleep(5_000);
        List<Long> delays = delays(database, startInstant.plusSeconds(10), endInstant);
        long p50 = percentile(delays, 0.50);
        long p99 = percentile(delays, 0.99);
        return new Step(rate, sent / seconds, seconds, bounded, maxBehind, maxBehindWhole,
                last == null ? Map.of() : last.lag(),
                delays.size(), delays.isEmpty() ? null : p50, delays.isEmpty() ? null : p99,
                delays.isEmpty() ? null : delays.get(delays.size() - 1), cores, rss, loadStart, loadEnd);
    }

    /** Produces posts stamped "now" at {@code rate} per second for {@code seconds}; @return how many */
    private static long load(int rate, int seconds, KafkaProducer<byte[], byte[]> producer, BenchPosts generator)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long sent = 0;
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
            while (sent < due) {
                Post post = generator.next(Instant.now());
                producer.send(new ProducerRecord<>(Topics.POSTS, post.id().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), TagpulseJson.write(post)));
                sent++;
            }
            Thread.sleep(2);
        }
        producer.flush();
        return sent;
    }

    private static Sample sample(Admin admin, double at) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String spec : GROUPS.values()) {
            String topic = spec.split(":")[1];
            for (int p = 0; p < StageBenchmark.PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        Map<String, Long> lag = new LinkedHashMap<>();
        Map<String, Long> endSums = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : GROUPS.entrySet()) {
            String group = entry.getValue().split(":")[0];
            String topic = entry.getValue().split(":")[1];
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
            long behind = 0;
            long endSum = 0;
            for (int p = 0; p < StageBenchmark.PARTITIONS; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                long endOffset = ends.getOrDefault(partition, 0L);
                OffsetAndMetadata offset = committed.get(partition);
                behind += Math.max(0, endOffset - (offset == null ? 0 : offset.offset()));
                endSum += endOffset;
            }
            lag.put(entry.getKey(), behind);
            endSums.put(entry.getKey(), endSum);
        }
        return new Sample(at, lag, endSums);
    }

    /** Waits until every group has caught up (lag under 100 records), at most {@code timeout}. */
    private static void drain(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Sample sample = sample(admin, 0);
            if (sample.lag().values().stream().allMatch(lag -> lag < 100)) {
                return;
            }
            Thread.sleep(1_000);
        }
        System.out.println("  (not drained after " + timeout.toSeconds() + " s; going on)");
    }

    /** @return updated_at minus window_end of the 1 s windows that ended in [from, to], in ms, sorted */
    private static List<Long> delays(Connection database, Instant from, Instant to) throws Exception {
        List<Long> delays = new ArrayList<>();
        try (PreparedStatement query = database.prepareStatement("SELECT window_end, updated_at FROM hashtag_counts "
                + "WHERE window_size_ms = 1000 AND window_end > ? AND window_end <= ?")) {
            query.setObject(1, OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant windowEnd = rows.getObject(1, OffsetDateTime.class).toInstant();
                    Instant updated = rows.getObject(2, OffsetDateTime.class).toInstant();
                    delays.add(Duration.between(windowEnd, updated).toMillis());
                }
            }
        }
        delays.sort(null);
        return delays;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    static String describe(Step step) {
        return String.format("  %,d posts/s (achieved %,.0f): %s; max lag in s of input (2nd half) %s, (whole step) %s;"
                + " final lag %s;"
                + " %,d window rows, delay p50 %s ms p99 %s ms max %s ms; cores %s; RSS MB %s; load %.2f -> %.2f",
                step.rate(), step.achievedRate(), step.bounded() ? "BOUNDED" : "NOT bounded",
                format(step.maxSecondsBehind()), format(step.maxSecondsBehindWholeStep()), step.finalLag(),
                step.windows(), step.p50(), step.p99(), step.max(),
                format(step.cores()), step.rssMb(), step.loadStart(), step.loadEnd());
    }

    private static String format(Map<String, Double> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((name, value) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ')
            .append(String.format("%.2f", value)));
        return text.toString();
    }

    private static String report(List<Step> steps, int stepSeconds, double readySeconds, String[] args,
            List<String> jvm) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Local pipeline (broker + 5 apps, %s each) healthy %.1f s "
                + "after launch; steps of %d s; posts produced straight to %s by the harness; arguments: %s%n%n",
                String.join(" ", jvm), readySeconds, stepSeconds, Topics.POSTS, String.join(" ", args)));
        text.append("| posts/s target | achieved | lag bounded | max s behind (2nd half) filter / processor / counter"
                + " / sink | the same, whole step | 1 s windows | delay window end → DB p50 / p99 / max (ms) | CPU cores "
                + "used | RSS MB at end | load 1 min start → end |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            text.append(String.format("| %,d | %,.0f | %s | %s | %s | %,d | %s / %s / %s | %s | %s | %.2f → %.2f |%n",
                    step.rate(), step.achievedRate(), step.bounded() ? "yes" : "no",
                    String.join(" / ", step.maxSecondsBehind().values().stream()
                        .map(v -> String.format("%.1f", v)).toList()),
                    String.join(" / ", step.maxSecondsBehindWholeStep().values().stream()
                        .map(v -> String.format("%.1f", v)).toList()),
                    step.windows(), step.p50(), step.p99(), step.max(), format(step.cores()), step.rssMb(),
                    step.loadStart(), step.loadEnd()));
        }
        return text.toString();
    }
}
