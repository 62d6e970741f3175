package io.tagpulse.benchmarks.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import io.tagpulse.contracts.Hashtag;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.local.KafkaBroker;
import io.tagpulse.local.LocalPipeline;
import io.tagpulse.local.ManagedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Each stage alone on a real local KRaft broker (one JVM, {@link KafkaBroker}), against the raw capacity of the same
 * broker for the same topics, partitions and records. Not a test: run by {@code benchmarks/run-stages.sh}.
 * <p>
 * The harness fills {@code bench.posts} with N generated posts and {@code bench.mentions} with their mentions (as the
 * processor would write them, keyed by tag), both with 4 partitions as in the pipeline. Then, in each of R runs, it
 * starts each stage as a child JVM with the local pipeline's heap cap and GC, reading from offset 0 under a fresh
 * consumer group (application id), and measures from the moment the stage's group is stable (consumption starts)
 * until its output is complete: for the passthroughs, the filter and the processor, when a read-committed consumer
 * has seen the expected number of output records (every generated post passes the default filter; the processor
 * writes one mention per distinct hashtag); for the counts, when the group has committed the end of the input
 * (exactly-once: its counts are committed with its offsets). Stages:
 * <ul>
 * <li>{@code passthrough}: {@link Passthrough}, plain consumer to producer, the reference of the stateless stages;</li>
 * <li>{@code passthrough-eos}: the same loop with one Kafka transaction per poll (what exactly-once costs);</li>
 * <li>{@code filter}, {@code processor}, {@code counter}: the app jars from {@code local-pipeline/target/apps} with
 * the local pipeline's arguments plus topic, group and application-id overrides;</li>
 * <li>{@code plain-count}: {@link PlainWindowedCount}, the counter's reference;</li>
 * <li>{@code processor-no-tx}: a diagnostic, not the shipped setting: the processor with its transactions switched
 * off ({@code transaction-id-prefix} empty; at-least-once), to show what its transactions cost;</li>
 * <li>{@code source}, {@code sink}: start-up only (time to health UP, RSS then);</li>
 * <li>only when named: {@code passthrough-eos-record}, one transaction per record (the processor's first design);
 * {@code processor-converted}, the processor's mentions through Spring Cloud Stream's output conversion and header
 * mapping (before native encoding).</li>
 * </ul>
 * Per stage and run: input records per second, CPU seconds of the child per million input records, the ratio of
 * both to the reference measured in the same run, the app's time from process start to health UP, its RSS at the end
 * and its peak, and the load average; then the same for the second half of each run (without start-up and warm-up).
 * The processor and {@code passthrough-eos-record} read {@code bench.posts-head}, the first M posts.
 * <p>
 * Arguments: {@code [--records N] [--head-records M] [--runs R] [--stages a,b,...] [--jfr stage] [--out file]}.
 */
public final class StageBenchmark {

    static final int PARTITIONS = 4;

    static final List<String> ALL_STAGES = List.of("passthrough", "passthrough-eos", "filter", "processor",
            "plain-count", "counter", "source", "sink", "processor-no-tx", "passthrough-eos-record",
            "processor-converted");

    /**
     * A stage variant: the processor's mentions go through Spring Cloud Stream's output path as they did before
     * native encoding (Spring Cloud Function's output conversion, every header mapped to the record).
     */
    static final String CONVERTED = "-converted";

    /** The stages run unless --stages says otherwise. */
    static final List<String> DEFAULT_STAGES = ALL_STAGES.subList(0, 9);

    /** Apps measured for start-up only: time to health UP and RSS then. */
    static final List<String> START_ONLY = List.of("source", "sink");

    /**
     * Further JVM options of every app and reference child: {@code TAGPULSE_BENCH_JVM} (system property
     * {@code tagpulse.bench.jvm}), to compare heap settings; none by default.
     */
    static final List<String> BENCH_JVM = System.getProperty("tagpulse.bench.jvm", "").isBlank() ? List.of()
            : List.of(System.getProperty("tagpulse.bench.jvm").strip().split("\\s+"));

    /** The local pipeline's settings, whose JVM options per app the children take. */
    private static final LocalPipeline.Options LOCAL_DEFAULTS = LocalPipeline.Options.defaults(Path.of("."),
            Path.of("."));

    /**
     * @return the JVM options of a stage's child: the local pipeline's for its app (a reference child as an app
     *     without a heap of its own), then {@link #BENCH_JVM}
     */
    static List<String> childJvm(String stage) {
        String app = stage.contains("-") ? stage.substring(0, stage.indexOf('-')) : stage;
        List<String> jvm = new ArrayList<>(LOCAL_DEFAULTS.jvmOptions(app));
        jvm.addAll(BENCH_JVM);
        return List.copyOf(jvm);
    }

    /** The stateless stages that read and write with Kafka transactions, as the passthrough-eos loop does. */
    private static final List<String> EXACTLY_ONCE_STAGES = List.of("filter", "processor");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;

    private final Path work;

    private final String bootstrap;

    private final Admin admin;

    private final String jfrStage;

    private long posts;

    private long mentions;

    /** The slow stages' input: the first posts of bench.posts, in bench.posts-head. */
    private long headPosts;

    private long headMentions;

    private double postBytes;

    private double mentionBytes;

    /** One stage in one run. */
    record Result(String stage, int run, long inputRecords, long outputRecords, double seconds, double cpuSeconds,
            Double readySeconds, long rssKb, long peakRssKb, double loadStart, double loadEnd, Steady steady) {

        boolean startOnly() {
            return inputRecords == 0;
        }

        double perSecond() {
            return inputRecords / seconds;
        }

        double cpuPerMillion() {
            return cpuSeconds / (inputRecords / 1e6);
        }
    }

    /**
     * The second half of a run: from the moment half the output (or half the input's offsets committed) was seen to
     * the end. Start-up costs (JIT compilation, the first fetches, the first transactions) fall in the first half,
     * so this is the steady rate and CPU per record, which short runs otherwise hide.
     */
    record Steady(long inputRecords, double seconds, double cpuSeconds) {

        double perSecond() {
            return inputRecords / seconds;
        }

        double cpuPerMillion() {
            return cpuSeconds / (inputRecords / 1e6);
        }
    }

    /** Records the time and the child's CPU when progress first reaches one half. */
    private static final class HalfWay {

        private final long pid;

        private long nanos = -1;

        private Duration cpu;

        private double fraction;

        HalfWay(long pid) {
            this.pid = pid;
        }

        void progress(double done) {
            if (nanos < 0 && done >= 0.5) {
                nanos = System.nanoTime();
                cpu = Proc.cpu(pid);
                fraction = done;
            }
        }

        Steady steady(long inputRecords, long endNanos, Duration endCpu) {
            if (nanos < 0 || fraction >= 1.0) {
                return null;
            }
            return new Steady(Math.round(inputRecords * (1 - fraction)), (endNanos - nanos) / 1e9,
                    (endCpu.toNanos() - cpu.toNanos()) / 1e9);
        }
    }

    private StageBenchmark(Path home, Path work, String bootstrap, Admin admin, String jfrStage) {
        this.home = home;
        this.work = work;
        this.bootstrap = bootstrap;
        this.admin = admin;
        this.jfrStage = jfrStage;
    }

    public static void main(String[] args) throws Exception {
        int records = 100_000;
        int runs = 3;
        List<String> stages = DEFAULT_STAGES;
        int headRecords = 3_000;
        String jfr = null;
        Path out = Path.of("benchmarks/target/stage-results.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--stages" -> stages = List.of(args[++i].split(","));
                case "--jfr" -> jfr = args[++i];
                case "--head-records" -> headRecords = Integer.parseInt(args[++i].replace("_", ""));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --records N --head-records M --runs R --stages " + String.join(",", ALL_STAGES)
                        + " --jfr STAGE --out FILE");
            }
        }
        run(records, headRecords, runs, stages, jfr, out, args, System.out::println);
    }

    /**
     * Runs the stages on a broker of their own and writes the report to {@code out}.
     *
     * @param log where each run's line goes
     * @return every stage's result in every run
     */
    static List<Result> run(int records, int headRecords, int runs, List<String> stages, String jfr, Path out,
            String[] args, java.util.function.Consumer<String> log) throws Exception {
        if (!ALL_STAGES.containsAll(stages)) {
            throw new IllegalArgumentException("stages are " + ALL_STAGES + ", not " + stages);
        }
        Path home = Path.of(System.getProperty("tagpulse.local.home", "local-pipeline/target")).toAbsolutePath();
        Path work = Path.of(System.getProperty("tagpulse.bench.work", "benchmarks/target/stage-bench"))
            .toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work.resolve("apps"));
        // Copies: a concurrent rebuild of the apps must not change the jars under a run.
        for (String app : List.of("source", "filter", "processor", "counter", "sink")) {
            Files.copy(home.resolve("apps").resolve(app + "-app.jar"), work.resolve("apps").resolve(app + "-app.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        log.accept(String.format("Machine: %d cores, load average %s; %,d posts, %d run(s), stages %s",
                Runtime.getRuntime().availableProcessors(), Proc.loadavg(), records, runs, stages));
        KafkaBroker broker = KafkaBroker.start(home.resolve("broker-lib"), work.resolve("kafka"), freePort(),
                freePort(), "512m");
        try {
            broker.awaitReady(Duration.ofMinutes(3));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                StageBenchmark bench = new StageBenchmark(home, work, broker.bootstrapServers(), admin, jfr);
                bench.fill(records, Math.min(records, headRecords));
                List<Result> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    for (String stage : stages) {
                        Result result = bench.measure(stage, run);
                        results.add(result);
                        if (result.startOnly()) {
                            log.accept(String.format(
                                    "run %d %-16s ready %.1f s  RSS %d MB (peak %d)  load %.2f -> %.2f", run, stage, result.readySeconds(), result.rssKb() / 1024,
                                    result.peakRssKb() / 1024, result.loadStart(), result.loadEnd()));
                            continue;
                        }
                        if (result.steady() != null) {
                            log.accept(String.format("run %d %-16s second half: %,10.0f rec/s %7.2f CPU-s/M", run,
                                    stage, result.steady().perSecond(), result.steady().cpuPerMillion()));
                        }
                        log.accept(String.format("run %d %-16s %,9d in %,9d out %7.2f s %,10.0f rec/s %6.2f CPU-s "
                                + "%7.2f CPU-s/M  ready %s  RSS %d MB (peak %d)  load %.2f -> %.2f", run, stage,
                                result.inputRecords(), result.outputRecords(), result.seconds(), result.perSecond(),
                                result.cpuSeconds(), result.cpuPerMillion(),
                                result.readySeconds() == null ? "-" : String.format("%.1f s", result.readySeconds()),
                                result.rssKb() / 1024, result.peakRssKb() / 1024, result.loadStart(),
                                result.loadEnd()));
                    }
                }
                String report = bench.report(results, stages, runs, args);
                log.accept("");
                log.accept(report);
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report);
                log.accept("Written to " + out.toAbsolutePath());
                return results;
            }
        }
        finally {
            broker.close();
        }
    }

    /** Fills bench.posts with generated posts and bench.mentions with their mentions, keyed as the apps key them. */
    private void fill(int records, int head) throws Exception {
        admin.createTopics(List.of(new NewTopic("bench.posts", PARTITIONS, (short) 1),
                new NewTopic("bench.posts-head", PARTITIONS, (short) 1),
                new NewTopic("bench.mentions", PARTITIONS, (short) 1))).all().get();
        HashtagExtractor extractor = new HashtagExtractor();
        BenchPosts generator = BenchPosts.standard(42, "bench-");
        // Event times as a live stream of 25 000 posts per second would have them, ending a little before now.
        Instant start = Instant.now().minusSeconds(600);
        long postBytesTotal = 0;
        long mentionBytesTotal = 0;
        long mentionCount = 0;
        long headMentionCount = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                Instant createdAt = start.plusNanos(i * 40_000L);
                Post post = generator.next(createdAt);
                byte[] value = TagpulseJson.write(post);
                postBytesTotal += value.length;
                producer.send(new ProducerRecord<>("bench.posts", null, createdAt.toEpochMilli(), bytes(post.id()),
                        value));
                if (i < head) {
                    producer.send(new ProducerRecord<>("bench.posts-head", null, createdAt.toEpochMilli(),
                            bytes(post.id()), value));
                }
                for (Hashtag hashtag : extractor.extract(post)) {
                    byte[] mention = TagpulseJson.write(new HashtagMention(hashtag.tag(), hashtag.display(),
                            post.id(), post.platform(), post.language(), post.createdAt()));
                    mentionBytesTotal += mention.length;
                    mentionCount++;
                    if (i < head) {
                        headMentionCount++;
                    }
                    producer.send(new ProducerRecord<>("bench.mentions", null, createdAt.toEpochMilli(),
                            bytes(hashtag.tag()), mention));
                }
            }
            producer.flush();
        }
        posts = records;
        mentions = mentionCount;
        headPosts = head;
        headMentions = headMentionCount;
        postBytes = (double) postBytesTotal / records;
        mentionBytes = (double) mentionBytesTotal / mentionCount;
        System.out.printf("Filled bench.posts with %,d posts (%.0f bytes of JSON each on average) and bench.mentions "
                + "with their %,d mentions (%.2f a post, %.0f bytes each)%n", posts, postBytes, mentions,
                (double) mentions / posts, mentionBytes);
        System.out.printf("bench.posts-head holds the first %,d posts (%,d mentions): the input of the processor and "
                + "of passthrough-eos-record%n", headPosts, headMentions);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Starts an app that has no Kafka input (source) or whose input is not measured here (sink) and waits for UP. */
    private Result startOnly(String stage, int run) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable()));
        command.addAll(childJvm(stage));
        command.addAll(List.of("-jar", work.resolve("apps").resolve(stage + "-app.jar").toString(),
                "--server.port=" + port, "--spring.cloud.stream.kafka.binder.brokers=" + bootstrap,
                "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrap,
                "--spring.cloud.stream.bindings.output.destination=bench.r" + run + "." + stage,
                "--spring.cloud.stream.bindings.input.destination=bench.r" + run + "." + stage,
                "--spring.cloud.stream.bindings.input.group=bench-r" + run + "-" + stage,
                "--spring.cloud.dataflow.stream.name=bench-r" + run));
        if (stage.equals("sink")) {
            command.add("--spring.datasource.url=jdbc:h2:file:" + work.resolve("sink-db-r" + run + "/tagpulse")
                    + ";AUTO_SERVER=TRUE");
        }
        System.out.printf("run %d %s (start-up only) ...%n", run, stage);
        double loadStart = Proc.load1();
        long spawned = System.nanoTime();
        ManagedProcess child = ManagedProcess.start("bench-r" + run + "-" + stage, command, work,
                work.resolve("logs").resolve("bench-r" + run + "-" + stage + ".log"));
        try {
            AtomicLong readyNanos = new AtomicLong(-1);
            Thread readiness = Readiness.watch(child, port, readyNanos);
            readiness.join(Duration.ofMinutes(3).toMillis());
            child.checkAlive();
            if (readyNanos.get() < 0) {
                throw new IllegalStateException(stage + " was not UP within 3 minutes; see " + child.log());
            }
            return new Result(stage, run, 0, 0, 0, Proc.cpu(child.pid()).toNanos() / 1e9,
                    (readyNanos.get() - spawned) / 1e9, Proc.statusKb(child.pid(), "VmRSS"),
                    Proc.statusKb(child.pid(), "VmHWM"), loadStart, Proc.load1(), null);
        }
        finally {
            child.close();
        }
    }

    private Result measure(String stage, int run) throws Exception {
        if (START_ONLY.contains(stage)) {
            return startOnly(stage, run);
        }
        String base = baseStage(stage);
        String variant = stage.substring(base.length());
        // Kafka Streams apps name their application id (= group) <stream>-<app>: a variant needs a stream of its own.
        String id = "bench-r" + run + variant;
        String group = id + "-" + base;
        String output = "bench.r" + run + "." + stage;
        admin.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get();
        boolean counts = base.equals("counter") || base.equals("plain-count");
        boolean head = base.equals("processor") || base.equals("passthrough-eos-record");
        String input = counts ? "bench.mentions" : head ? "bench.posts-head" : "bench.posts";
        long inputRecords = counts ? mentions : head ? headPosts : posts;
        long expectedOutput = switch (base) {
            case "processor" -> headMentions;
            case "processor-no-tx" -> mentions;
            case "counter", "plain-count" -> -1;
            case "passthrough-eos-record" -> headPosts;
            default -> posts;
        };
        Integer port = null;
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(childJvm(stage));
        if (stage.equals(jfrStage)) {
            command.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename="
                    + work.resolve(stage + "-r" + run + ".jfr"));
        }
        Path stateDir = work.resolve("state").resolve(group);
        switch (base) {
            case "passthrough", "passthrough-eos", "passthrough-eos-record" -> {
                command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                        System.getProperty("java.class.path"), Passthrough.class.getName(), bootstrap, group, input,
                        output));
                if (!stage.equals("passthrough")) {
                    command.add(stage.substring("passthrough-".length()));
                }
            }
            case "plain-count" -> command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                    System.getProperty("java.class.path"), PlainWindowedCount.class.getName(), bootstrap, group,
                    input, output, stateDir.toString()));
            default -> {
                port = freePort();
                String app = base.equals("processor-no-tx") ? "processor" : base;
                command.addAll(List.of("-jar", work.resolve("apps").resolve(app + "-app.jar").toString(),
                        "--server.port=" + port,
                        // LocalPipeline.commonArguments and defaultArguments
                        "--spring.cloud.stream.kafka.binder.brokers=" + bootstrap,
                        "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrap,
                        "--spring.cloud.stream.bindings.input.destination=" + input,
                        "--spring.cloud.stream.bindings.output.destination=" + output,
                        // Kafka Streams apps derive their application id (= group) from the stream name.
                        "--spring.cloud.dataflow.stream.name=" + id));
                if (app.equals("processor")) {
                    command.add("--spring.cloud.stream.bindings.input.group=" + group);
                }
                if (variant.equals(CONVERTED)) {
                    command.add("--spring.cloud.stream.bindings.output.producer.use-native-encoding=false");
                    command.add("--spring.cloud.stream.kafka.bindings.output.producer.header-patterns=*");
                }
                if (stage.equals("processor-no-tx")) {
                    // Diagnostic, not the shipped setting: no transactions, so no transaction per record.
                    command.add("--spring.cloud.stream.kafka.binder.transaction.transaction-id-prefix=");
                }
                else {
                    command.add("--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + stateDir);
                }
            }
        }
        System.out.printf("run %d %s ...%n", run, stage);
        long spawned = System.nanoTime();
        double loadStart = Proc.load1();
        ManagedProcess child = ManagedProcess.start(group, command, work, work.resolve("logs").resolve(group + ".log"));
        AtomicLong readyNanos = new AtomicLong(-1);
        Thread readiness = null;
        if (port != null) {
            readiness = Readiness.watch(child, port, readyNanos);
        }
        try {
            Duration timeout = Duration.ofMinutes(10);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!groupStable(group)) {
                child.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " did not join its group; see " + child.log());
                }
                Thread.sleep(20);
            }
            long t0 = System.nanoTime();
            Duration cpu0 = Proc.cpu(child.pid());
            HalfWay halfWay = new HalfWay(child.pid());
            long outputRecords;
            if (expectedOutput >= 0) {
                outputRecords = awaitOutput(output, expectedOutput, child, deadline, halfWay);
            }
            else {
                awaitCommitted(group, input, child, deadline, halfWay);
                outputRecords = -1;
            }
            long t1 = System.nanoTime();
            Duration cpu1 = Proc.cpu(child.pid());
            long rss = Proc.statusKb(child.pid(), "VmRSS");
            long peak = Proc.statusKb(child.pid(), "VmHWM");
            if (readiness != null) {
                readiness.join(Duration.ofMinutes(3).toMillis());
            }
            Double ready = readyNanos.get() < 0 ? null : (readyNanos.get() - spawned) / 1e9;
            return new Result(stage, run, inputRecords, outputRecords, (t1 - t0) / 1e9,
                    (cpu1.toNanos() - cpu0.toNanos()) / 1e9, ready, rss, peak, loadStart, Proc.load1(),
                    halfWay.steady(inputRecords, t1, cpu1));
        }
        finally {
            if (readiness != null) {
                readiness.interrupt();
            }
            child.close();
        }
    }

    /** Polls the app's health until UP; records the moment. */
    private static final class Readiness {

        static Thread watch(ManagedProcess child, int port, AtomicLong readyNanos) {
            Thread thread = new Thread(() -> {
                URI health = URI.create("http://localhost:" + port + "/actuator/health");
                while (!Thread.currentThread().isInterrupted() && child.isAlive()) {
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            readyNanos.set(System.nanoTime());
                            return;
                        }
                    }
                    catch (IOException notYet) {
                        // not listening yet
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "readiness-" + port);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }

    private boolean groupStable(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                .get(group);
            return description.groupState() == GroupState.STABLE && !description.members().isEmpty();
        }
        catch (Exception notYet) {
            return false;
        }
    }

    /** Counts the output's committed records until the expected number; @return how many were seen */
    private long awaitOutput(String topic, long expected, ManagedProcess child, long deadline, HalfWay halfWay)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            while (seen < expected) {
                child.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " has " + seen + " of " + expected
                            + " records after the timeout; see " + child.log());
                }
                seen += consumer.poll(Duration.ofMillis(50)).count();
                halfWay.progress((double) seen / expected);
            }
            return seen;
        }
    }

    /** Waits until the group has committed the end of every input partition. */
    private void awaitCommitted(String group, String input, ManagedProcess child, long deadline, HalfWay halfWay)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(input, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        while (true) {
            child.checkAlive();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
            boolean done = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                    && committed.get(end.getKey()).offset() >= end.getValue());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long committedTotal = ends.keySet().stream().filter(partition -> committed.get(partition) != null)
                .mapToLong(partition -> Math.min(committed.get(partition).offset(), ends.get(partition))).sum();
            halfWay.progress(total == 0 ? 1 : (double) committedTotal / total);
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " committed only " + committed + " of " + ends
                        + " after the timeout; see " + child.log());
            }
            Thread.sleep(50);
        }
    }

    private String report(List<Result> results, List<String> stages, int runs, String[] args) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d posts (%.0f B JSON each), %,d mentions (%.2f per post, %.0f B each); the "
                + "processor and passthrough-eos-record read the first %,d posts only; %d partitions, %d run(s); "
                + "child JVMs %s; arguments: %s%n%n", posts, postBytes, mentions, (double) mentions / posts,
                mentionBytes, headPosts, PARTITIONS, runs, String.join(" ", childJvm("counter")) + " (the sink: "
                        + String.join(" ", childJvm("sink")) + ")", String.join(" ", args)));
        text.append("| Stage | input records/s | ratio to reference | CPU s per M input records | CPU ratio "
                + "(reference CPU / stage CPU) | ready (s) | RSS at end (MB) | peak RSS (MB) | load avg (1 min) |\n");
        text.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String stage : stages) {
            List<Result> mine = results.stream().filter(r -> r.stage().equals(stage)).toList();
            String reference = reference(stage);
            List<Pair> pairs = pairs(results, stage, reference, false);
            List<Double> ratios = pairs.stream().map(pair -> pair.ratio(false)).toList();
            List<Double> cpuRatios = pairs.stream().map(pair -> pair.cpuRatio(false)).toList();
            if (mine.stream().anyMatch(Result::startOnly)) {
                text.append("| ").append(stage).append(" (start-up only) | - | - | - | - | ")
                    .append(spread(mine.stream().map(Result::readySeconds).toList(), "%.1f"))
                    .append(" | ").append(spread(mine, r -> r.rssKb() / 1024.0, "%.0f"))
                    .append(" | ").append(spread(mine, r -> r.peakRssKb() / 1024.0, "%.0f"))
                    .append(" | ").append(loadRange(mine)).append(" |\n");
                continue;
            }
            text.append("| ").append(stage)
                .append(" | ").append(spread(mine, Result::perSecond, "%,.0f"))
                .append(" | ").append(ratios.isEmpty() ? "(reference)" : spread(ratios, "%.2f") + " of " + reference)
                .append(" | ").append(spread(mine, Result::cpuPerMillion, "%.1f"))
                .append(" | ").append(cpuRatios.isEmpty() ? "(reference)" : spread(cpuRatios, "%.2f"))
                .append(" | ").append(mine.stream().anyMatch(r -> r.readySeconds() != null)
                        ? spread(mine.stream().map(Result::readySeconds).filter(Objects::nonNull).toList(), "%.1f")
                        : "-")
                .append(" | ").append(spread(mine, r -> r.rssKb() / 1024.0, "%.0f"))
                .append(" | ").append(spread(mine, r -> r.peakRssKb() / 1024.0, "%.0f"))
                .append(" | ").append(loadRange(mine))
                .append(" |\n");
        }
        text.append("\nCells: median (min–max) of the runs; ratios are taken per run against the reference measured "
                + "in the same run.\n\n");
        text.append(steadyTable(results, stages));
        text.append("\nEvery run:\n\n");
        text.append("| Run | Stage | input | output | seconds | records/s | CPU s | CPU s/M | ready (s) | RSS MB "
                + "| peak MB | load 1 min start → end |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            if (r.startOnly()) {
                text.append(String.format("| %d | %s | start-up only | | | | | | %.1f | %d | %d | %.2f → %.2f |%n",
                        r.run(), r.stage(), r.readySeconds(), r.rssKb() / 1024, r.peakRssKb() / 1024, r.loadStart(),
                        r.loadEnd()));
                continue;
            }
            text.append(String.format("| %d | %s | %,d | %s | %.2f | %,.0f | %.2f | %.1f | %s | %d | %d | %.2f → %.2f |%n",
                    r.run(), r.stage(), r.inputRecords(), r.outputRecords() < 0 ? "(counts)"
                            : String.format("%,d", r.outputRecords()), r.seconds(), r.perSecond(), r.cpuSeconds(),
                    r.cpuPerMillion(), r.readySeconds() == null ? "-" : String.format("%.1f", r.readySeconds()),
                    r.rssKb() / 1024, r.peakRssKb() / 1024, r.loadStart(), r.loadEnd()));
        }
        return text.toString();
    }

    private static String loadRange(List<Result> results) {
        return String.format("%.2f–%.2f", results.stream()
            .mapToDouble(r -> Math.min(r.loadStart(), r.loadEnd())).min().orElse(0), results.stream()
            .mapToDouble(r -> Math.max(r.loadStart(), r.loadEnd())).max().orElse(0));
    }

    /** The second half of each run (see {@link Steady}): rate and CPU per record once start-up is behind. */
    private static String steadyTable(List<Result> results, List<String> stages) {
        StringBuilder text = new StringBuilder("Second half of each run (from half the output to the end: start-up "
                + "and JIT warm-up excluded):\n\n| Stage | records/s | ratio to reference | CPU s per M records | CPU "
                + "ratio (reference CPU / stage CPU) | ratio to passthrough-eos (the same exactly-once guarantee) |\n"
                + "|---|---|---|---|---|---|\n");
        for (String stage : stages) {
            List<Result> mine = results.stream().filter(r -> r.stage().equals(stage) && r.steady() != null).toList();
            if (mine.isEmpty()) {
                continue;
            }
            String reference = reference(stage);
            List<Pair> pairs = pairs(results, stage, reference, true);
            List<Double> ratios = pairs.stream().map(pair -> pair.ratio(true)).toList();
            List<Double> cpuRatios = pairs.stream().map(pair -> pair.cpuRatio(true)).toList();
            List<Double> eosRatios = EXACTLY_ONCE_STAGES.contains(baseStage(stage))
                    ? pairs(results, stage, "passthrough-eos", true).stream().map(pair -> pair.ratio(true)).toList()
                    : List.of();
            text.append("| ").append(stage)
                .append(" | ").append(spread(mine, r -> r.steady().perSecond(), "%,.0f"))
                .append(" | ").append(ratios.isEmpty() ? "(reference)" : spread(ratios, "%.2f") + " of " + reference)
                .append(" | ").append(spread(mine, r -> r.steady().cpuPerMillion(), "%.1f"))
                .append(" | ").append(cpuRatios.isEmpty() ? "(reference)" : spread(cpuRatios, "%.2f"))
                .append(" | ").append(eosRatios.isEmpty() ? "-" : spread(eosRatios, "%.2f"))
                .append(" |\n");
        }
        return text.toString();
    }

    /** A stage's result beside its reference's in the same run. */
    record Pair(Result stage, Result reference) {

        /** @return the stage's records/s over the reference's, whole runs or second halves */
        double ratio(boolean steady) {
            return steady ? stage.steady().perSecond() / reference.steady().perSecond()
                    : stage.perSecond() / reference.perSecond();
        }

        /** @return the reference's CPU per record over the stage's (above 1: the stage uses less) */
        double cpuRatio(boolean steady) {
            return steady ? reference.steady().cpuPerMillion() / stage.steady().cpuPerMillion()
                    : reference.cpuPerMillion() / stage.cpuPerMillion();
        }
    }

    /**
     * @return per run, {@code stage}'s result beside {@code reference}'s in the same run; with {@code steady}, only
     *     runs where both have a second half; empty when {@code reference} is null
     */
    static List<Pair> pairs(List<Result> results, String stage, String reference, boolean steady) {
        List<Pair> pairs = new ArrayList<>();
        if (reference == null) {
            return pairs;
        }
        for (Result result : results) {
            if (!result.stage().equals(stage) || (steady && result.steady() == null)) {
                continue;
            }
            results.stream()
                .filter(r -> r.stage().equals(reference) && r.run() == result.run() && (!steady || r.steady() != null))
                .findFirst()
                .ifPresent(ref -> pairs.add(new Pair(result, ref)));
        }
        return pairs;
    }

    /**
     * @return per run, {@code stage}'s second-half records/s over its reference's (the passthrough, or the plain
     *     count for the counter) in the same run: the ratio the goals of issue 20 are stated in
     */
    static List<Double> steadyRatios(List<Result> results, String stage) {
        return pairs(results, stage, reference(stage), true).stream().map(pair -> pair.ratio(true)).toList();
    }

    /** @return the stage without its variant suffix ({@code processor-converted} is a {@code processor}) */
    private static String baseStage(String stage) {
        return stage.endsWith(CONVERTED) ? stage.substring(0, stage.length() - CONVERTED.length()) : stage;
    }

    private static String reference(String stage) {
        return switch (stage) {
            case "passthrough", "plain-count" -> null;
            case "counter" -> "plain-count";
            default -> "passthrough";
        };
    }

    private static String spread(List<Result> results, ToDoubleFunction<Result> value, String format) {
        return spread(results.stream().map(value::applyAsDouble).toList(), format);
    }

    private static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = values.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        if (sorted.size() == 1) {
            return String.format(format, median);
        }
        return String.format(format + " (" + format + "–" + format + ")", median, sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
