package io.tagpulse.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The whole pipeline on one machine: a real Kafka broker and the six apps as separate JVMs, wired by topic names,
 * with the sink's database in an embedded H2 file that the dashboard reads too (AUTO_SERVER: the two processes open
 * it together). {@code main} is the README's first command; the end-to-end tests start it the same way with their own
 * ports and settings.
 */
public final class LocalPipeline implements AutoCloseable, Watchdog.Supervised {

    /**
     * Apps in start order: consumers first, so nothing produced early waits for a reader; the sink, which creates the
     * database's tables, before the dashboard, which reads them.
     */
    public static final List<String> APPS = List.of("sink", "dashboard", "counter", "processor", "filter", "source");

    private final Options options;

    /** Volatile: the watchdog's threads start it again while the launcher's thread reads it. */
    private volatile KafkaBroker broker;

    private final Map<String, PipelineApp> apps;

    private final Map<String, Instance> instances = new LinkedHashMap<>();

    private Watchdog watchdog;

    private Thread training;

    private LocalPipeline(Options options, KafkaBroker broker, Map<String, PipelineApp> apps) {
        this.options = options;
        this.broker = broker;
        this.apps = apps;
    }

    /**
     * Settings of a local run.
     *
     * @param home the directory holding {@code broker-lib/} and {@code apps/} (local-pipeline/target)
     * @param workDir where the broker's data, the database, the counter's state and the logs go
     * @param ports the port of each app, by name, plus {@code kafka} and {@code kafka-controller}
     * @param appJvmOptions JVM options of every app, after its heap cap ({@link #jvmOptions}): an {@code -Xmx} here
     *     overrides every app's
     * @param brokerHeap the broker's maximum heap
     * @param extraArguments further {@code --key=value} arguments, by app name
     * @param startupTimeout how long the broker and each app may take to become ready
     * @param database the database the sink writes and the dashboard reads, instead of the embedded H2 file
     *     (null: the H2 file)
     * @param externalKafka bootstrap servers of a Kafka the apps use instead of a broker of their own (e.g. a
     *     {@link KafkaCluster}), or {@code null} to start one
     * @param appHeaps each app's maximum heap by app name, e.g. {@code 96m}; {@value #DEFAULT_APP_HEAP} for an app
     *     not named
     */
    public record Options(Path home, Path workDir, Map<String, Integer> ports, List<String> appJvmOptions,
            String brokerHeap, Map<String, List<String>> extraArguments, Duration startupTimeout, Database database,
            String externalKafka, Map<String, String> appHeaps) {

        /** The heap of an app {@link #appHeaps} does not name. */
        public static final String DEFAULT_APP_HEAP = "128m";

        public Options {
            appHeaps = Map.copyOf(appHeaps);
        }

        /** Options that start a broker of their own, with the sink's database in the embedded H2 file. */
        public Options(Path home, Path workDir, Map<String, Integer> ports, List<String> appJvmOptions,
                String brokerHeap, Map<String, List<String>> extraArguments, Duration startupTimeout) {
            this(home, workDir, ports, appJvmOptions, brokerHeap, extraArguments, startupTimeout, null, null,
                    Map.of());
        }

        /**
         * @return the JVM options of {@code app} (source, filter, ..., also a reference child of the benchmarks):
         *     its heap cap, then {@link #appJvmOptions}, so that an {@code -Xmx} there wins
         */
        public List<String> jvmOptions(String app) {
            List<String> jvm = new ArrayList<>();
            jvm.add("-Xmx" + appHeaps.getOrDefault(app, DEFAULT_APP_HEAP));
            jvm.addAll(appJvmOptions);
            return List.copyOf(jvm);
        }

        /**
         * @return these options with the apps on an existing Kafka (no broker of their own), creating their topics
         *     with this replication and min.insync.replicas, as on a cluster that must survive the loss of a broker
         */
        public Options withExternalKafka(String bootstrapServers, int replicationFactor, int minInsyncReplicas) {
            Options external = new Options(home, workDir, ports, appJvmOptions, brokerHeap, extraArguments,
                    startupTimeout, database, bootstrapServers, appHeaps);
            for (String app : APPS) {
                external = external.withArguments(app, KafkaCluster.topicArguments(replicationFactor,
                        minInsyncReplicas).toArray(String[]::new));
            }
            return external;
        }

        /** The README defaults: dashboard on 8080, source on 8081, the sink's actuator on 8085, Kafka on 9092. */
        public static Options defaults(Path home, Path workDir) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("dashboard", 8080);
            ports.put("source", 8081);
            ports.put("filter", 8082);
            ports.put("processor", 8083);
            ports.put("counter", 8084);
            ports.put("sink", 8085);
            ports.put("kafka", 9092);
            ports.put("kafka-controller", 9093);
            // 128 MB of heap (DEFAULT_APP_HEAP): the live heap at steady load is 25-60 MB, and a heap the collector
            // has touched whole is resident whole (96 MB made the processor collect its old generation every 3 s at
            // 8,000 posts/s; BENCHMARKS.md). The sink 96 MB: its live heap is about 55 MB, and at 128 MB its RSS
            // was 312-318 MB at 200 posts/s, at 96 MB 287. Every 5 s the JVM hands the native memory it freed (the
            // JIT's arenas, buffers of Kafka's clients and RocksDB) back to the system: 20-40 MB less RSS per app
            // at no measurable CPU.
            List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC"));
            if (jvmKnowsOption("TrimNativeHeapInterval")) {
                jvm.add("-XX:TrimNativeHeapInterval=5000");
            }
            return new Options(home, workDir, ports, List.copyOf(jvm), "512m", new LinkedHashMap<>(),
                    Duration.ofMinutes(3), null, null, Map.of("sink", "96m"));
        }

        /** @return these options with another maximum heap for one app, e.g. {@code 96m} */
        public Options withAppHeap(String app, String heap) {
            Map<String, String> heaps = new LinkedHashMap<>(appHeaps);
            heaps.put(app, heap);
            return new Options(home, workDir, ports, appJvmOptions, brokerHeap, extraArguments, startupTimeout,
                    database, externalKafka, heaps);
        }

        /** @return these options with every port replaced by a free one (for tests) */
        public Options withFreePorts() {
            Map<String, Integer> free = new LinkedHashMap<>();
            ports.keySet().forEach(name -> free.put(name, freePort()));
            return new Options(home, workDir, free, appJvmOptions, brokerHeap, extraArguments, startupTimeout,
                    database, externalKafka, appHeaps);
        }

        /** @return these options with more JVM options for every app */
        public Options withJvmOptions(String... more) {
            List<String> jvm = new ArrayList<>(appJvmOptions);
            jvm.addAll(List.of(more));
            return new Options(home, workDir, ports, List.copyOf(jvm), brokerHeap, extraArguments, startupTimeout,
                    database, externalKafka, appHeaps);
        }

        /** @return these options with more arguments for one app */
        public Options withArguments(String app, String... arguments) {
            Map<String, List<String>> extra = new LinkedHashMap<>(extraArguments);
            List<String> list = new ArrayList<>(extra.getOrDefault(app, List.of()));
            list.addAll(List.of(arguments));
            extra.put(app, list);
            return new Options(home, workDir, ports, appJvmOptions, brokerHeap, extra, startupTimeout, database,
                    externalKafka, appHeaps);
        }

        /** @return these options with another limit on how long the broker and each app may take to be ready */
        public Options withStartupTimeout(Duration timeout) {
            return new Options(home, workDir, ports, appJvmOptions, brokerHeap, extraArguments, timeout, database,
                    externalKafka, appHeaps);
        }

        /** @return these options with the sink and the dashboard on another database, e.g. a PostgreSQL server */
        public Options withDatabase(String jdbcUrl, String username, String password) {
            return new Options(home, workDir, ports, appJvmOptions, brokerHeap, extraArguments, startupTimeout,
                    new Database(jdbcUrl, username, password), externalKafka, appHeaps);
        }
    }

    /**
     * A database other than the embedded H2 file, given to the sink and the dashboard.
     *
     * @param jdbcUrl its JDBC URL
     * @param username the user the apps connect as
     * @param password that user's password (empty for none)
     */
    public record Database(String jdbcUrl, String username, String password) {
    }

    /** An app run once more under a name of its own (a second counter, say): which app, and its extra arguments. */
    private record Instance(String app, int port, List<String> arguments) {
    }

    /**
     * @return whether this JVM, which also runs the apps ({@link ManagedProcess#javaExecutable()}), has the option:
     *     {@code TrimNativeHeapInterval} came with 17.0.9, and an option a JVM does not know stops it at start
     */
    static boolean jvmKnowsOption(String name) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
            return true;
        }
        catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Starts the broker, then the six apps, and waits until all are healthy. */
    public static LocalPipeline start(Options options) {
        return start(options, Set.of());
    }

    /**
     * Starts the broker and the apps other than {@code later}, and waits until those are healthy; {@link #startApps}
     * starts the others, e.g. once a backlog of posts waits for them, as after an outage of the counting stages.
     */
    public static LocalPipeline start(Options options, Set<String> later) {
        return start(options, later, StartupPhases.silent());
    }

    /**
     * Starts the broker and the apps other than {@code later} as {@link #start(Options, Set)} does, recording in
     * {@code phases} when the broker listened and when each app became healthy.
     */
    static LocalPipeline start(Options options, Set<String> later, StartupPhases phases) {
        if (!APPS.containsAll(later)) {
            throw new IllegalArgumentException("unknown apps in " + later + "; the apps are " + APPS);
        }
        Path lib = options.home().resolve("broker-lib");
        Path jars = options.home().resolve("apps");
        for (Path required : List.of(lib, jars)) {
            if (!Files.isDirectory(required)) {
                throw new IllegalStateException(required + " is missing: build first with ./mvnw -DskipTests package");
            }
        }
        Path pidFile = options.workDir().resolve("pids");
        stopLeftovers(pidFile);
        KafkaBroker broker = options.externalKafka() != null ? null
                : KafkaBroker.start(lib, options.workDir().resolve("kafka"), options.ports().get("kafka"),
                        options.ports().get("kafka-controller"), options.brokerHeap());
        Map<String, PipelineApp> apps = new LinkedHashMap<>();
        LocalPipeline pipeline = new LocalPipeline(options, broker, apps);
        try {
            // While the broker starts: each app's jar extracted for class-data sharing, in parallel (only the first
            // start after a build does the work; later starts find the extraction there).
            APPS.parallelStream().filter(app -> !later.contains(app))
                .forEach(app -> ClassDataSharing.prepare(jars.resolve(app + "-app.jar"), options.jvmOptions(app)));
            if (broker != null) {
                broker.awaitReady(options.startupTimeout());
                phases.done("kafka listening on " + broker.bootstrapServers());
            }
            for (String name : APPS) {
                if (!later.contains(name)) {
                    apps.put(name, pipeline.launch(name));
                }
            }
            writePids(pidFile, pipeline.pids());
            awaitHealthy(apps.values(), options.startupTimeout(), phases);
            return pipeline;
        }
        catch (RuntimeException ex) {
            pipeline.close();
            throw ex;
        }
    }

    /**
     * Waits until every app is healthy, asking each in turn, so each one's time in {@code phases} is its own rather
     * than that of the slowest before it.
     */
    private static void awaitHealthy(java.util.Collection<PipelineApp> apps, Duration timeout, StartupPhases phases) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PipelineApp> waiting = new ArrayList<>(apps);
        while (!waiting.isEmpty()) {
            for (java.util.Iterator<PipelineApp> it = waiting.iterator(); it.hasNext();) {
                PipelineApp app = it.next();
                if (app.healthy()) {
                    phases.done(app.name() + " healthy");
                    it.remove();
                }
            }
            if (!waiting.isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    throw waiting.get(0).notHealthyWithin(timeout);
                }
                Pause.briefly();
            }
        }
    }

    private PipelineApp launch(String name) {
        Instance instance = instances.get(name);
        String app = instance == null ? name : instance.app();
        Path jar = options.home().resolve("apps").resolve(app + "-app.jar");
        List<String> arguments = new ArrayList<>(commonArguments(bootstrapServers()));
        arguments.addAll(defaultArguments(app, name, options.workDir(), options.database()));
        arguments.addAll(options.extraArguments().getOrDefault(app, List.of()));
        int port = options.ports().get(app);
        if (instance != null) {
            // The instance's own arguments come last: for a key given twice, Spring would join both values.
            arguments.addAll(instance.arguments());
            port = instance.port();
        }
        return PipelineApp.start(name + "-app", jar, port, options.jvmOptions(app), arguments, options.workDir(),
                options.workDir().resolve("logs").resolve(name + "-app.log"));
    }

    /**
     * Starts one more instance of an app under a name of its own, on a free port, with the app's usual arguments
     * plus {@code extraArguments} (which must not repeat a key the usual ones give), and waits until it is healthy.
     * A Kafka Streams app's instance keeps its state in a directory of its own ({@link #stateDir}), so it is a
     * second instance of the same application id (a second counter sharing the partitions) unless the arguments
     * give it another id. {@link #kill}, {@link #restart} and {@link #close} treat it as any app.
     */
    public void startInstance(String name, String app, String... extraArguments) {
        if (!APPS.contains(app)) {
            throw new IllegalArgumentException("unknown app " + app + "; the apps are " + APPS);
        }
        if (APPS.contains(name) || apps.containsKey(name)) {
            throw new IllegalArgumentException(name + " is taken: an instance needs a name of its own");
        }
        instances.put(name, new Instance(app, freePort(), List.of(extraArguments)));
        PipelineApp started = launch(name);
        apps.put(name, started);
        writePids(options.workDir().resolve("pids"), pids());
        started.awaitHealthy(options.startupTimeout());
    }

    /** Kills one app at once (SIGKILL), as a crash or an OOM kill would: no shutdown hook, no last commit. */
    public void kill(String app) {
        apps.get(app).process().kill();
    }

    /** Stops one app cleanly (SIGTERM), as an operator would before a maintenance step. */
    public void stop(String app) {
        apps.get(app).close();
    }

    /** @return the directory under which a Kafka Streams app (counter or filter) keeps its local state */
    public Path stateDir(String app) {
        return options.workDir().toAbsolutePath().resolve(app + "-state");
    }

    /** Starts an app again (after {@link #kill} or {@link #stop}) with the same arguments, and waits until healthy. */
    public void restart(String app) {
        if (apps.get(app).process().isAlive()) {
            throw new IllegalStateException(app + " is still running");
        }
        PipelineApp started = launch(app);
        apps.put(app, started);
        writePids(options.workDir().resolve("pids"), pids());
        started.awaitHealthy(options.startupTimeout());
    }

    /**
     * Starts apps that are not running (left for later at {@link #start(Options, Set)}, stopped or killed) all at
     * once, with their usual arguments, and waits until every one is healthy.
     */
    public void startApps(String... names) {
        List<PipelineApp> started = new ArrayList<>();
        for (String name : names) {
            if (!APPS.contains(name)) {
                throw new IllegalArgumentException("unknown app " + name + "; the apps are " + APPS);
            }
            PipelineApp running = apps.get(name);
            if (running != null && running.process().isAlive()) {
                throw new IllegalStateException(name + " is already running");
            }
            PipelineApp app = launch(name);
            apps.put(name, app);
            started.add(app);
        }
        writePids(options.workDir().resolve("pids"), pids());
        started.forEach(app -> app.awaitHealthy(options.startupTimeout()));
    }

    /**
     * Freezes one app (SIGSTOP), as a long garbage-collection pause, a stopped container or a suspended VM would: it
     * holds its connections and its place in consumer groups but does nothing until {@link #resume}.
     */
    public void pause(String app) {
        signal(app, "STOP");
    }

    /** Lets a paused app go on (SIGCONT) from where it was frozen. */
    public void resume(String app) {
        signal(app, "CONT");
    }

    private void signal(String app, String signal) {
        long pid = apps.get(app).process().pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " (" + app + ") failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot signal " + app, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + app, ex);
        }
    }

    /** Stops the broker cleanly (SIGTERM), as an operator's restart would; the apps keep running. */
    public void stopBroker() {
        ownBroker().close();
    }

    /**
     * Kills the broker at once (SIGKILL), as a crash or an OOM kill would: no controlled shutdown, its logs left
     * unclosed (it recovers them at the next start); the machine stays up, so what the broker wrote is still in the
     * page cache. The apps keep running.
     */
    public void killBroker() {
        ownBroker().process().kill();
    }

    /**
     * Starts the broker again on its data directory and ports (after {@link #stopBroker} or {@link #killBroker}),
     * and waits until it answers.
     */
    public void startBroker() {
        ownBroker();
        broker = KafkaBroker.start(options.home().resolve("broker-lib"), options.workDir().resolve("kafka"),
                options.ports().get("kafka"), options.ports().get("kafka-controller"), options.brokerHeap());
        writePids(options.workDir().resolve("pids"), pids());
        broker.awaitReady(options.startupTimeout());
    }

    /**
     * Stops the apps in parallel, then the broker: an app's clean shutdown (last commits, leaving its consumer group)
     * needs the broker, and one at a time the five took as long as all their shutdowns added up.
     */
    static void stopAppsThenBroker(List<ManagedProcess> apps, ManagedProcess broker, Duration timeout) {
        ManagedProcess.stopAll(apps, timeout);
        if (broker != null) {
            ManagedProcess.stopAll(List.of(broker), timeout);
        }
    }

    /**
     * Stops processes a previous run left behind (its launcher was killed with SIGKILL, say): they would hold the
     * ports and the data directories. Only processes whose command line is still one of ours are touched.
     */
    private static void stopLeftovers(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(pidFile)) {
                String[] parts = line.split("=", 2);
                if (parts.length != 2) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(parts[1].strip()))
                    .filter(handle -> handle.info().commandLine().map(LocalPipeline::isOurs).orElse(false))
                    .ifPresent(handle -> {
                        System.out.println("Stopping " + parts[0] + " (pid " + handle.pid() + ") left by a previous run");
                        handle.destroy();
                        handle.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                            .exceptionally(timeout -> {
                                handle.destroyForcibly();
                                return handle;
                            })
                            .join();
                    });
            }
            Files.delete(pidFile);
        }
        catch (IOException | NumberFormatException ex) {
            System.err.println("Could not read " + pidFile + ": " + ex);
        }
    }

    private static boolean isOurs(String commandLine) {
        // An app runs from apps/<app>.jar or from its extraction for class-data sharing, apps/cds/<app>-<key>/.
        return commandLine.contains("kafka.Kafka")
                || commandLine.matches(".*apps/(cds/[a-z]+-app-[0-9a-f]+/)?[a-z]+-app\\.jar.*");
    }

    private static void writePids(Path pidFile, Map<String, Long> pids) {
        StringBuilder text = new StringBuilder();
        pids.forEach((name, pid) -> text.append(name).append('=').append(pid).append('\n'));
        try {
            Files.writeString(pidFile, text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + pidFile, ex);
        }
    }

    private static List<String> commonArguments(String bootstrapServers) {
        return List.of("--spring.cloud.stream.kafka.binder.brokers=" + bootstrapServers,
                "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrapServers);
    }

    private static List<String> defaultArguments(String app, String name, Path workDir, Database database) {
        Path dir = workDir.toAbsolutePath();
        return switch (app) {
            // Whichever app's binder creates the moderation topic first, it is compacted (each key's latest decision).
            case "sink" -> {
                List<String> arguments = new ArrayList<>(databaseArguments(database, databaseUrl(workDir)));
                arguments.add(
                        "--spring.cloud.stream.kafka.bindings.moderation.consumer.topic.properties.cleanup.policy=compact");
                yield arguments;
            }
            // The sink's database; IFEXISTS: the dashboard never creates it, and waits (not ready) until the sink has.
            case "dashboard" -> databaseArguments(database, databaseUrl(workDir) + ";IFEXISTS=TRUE");
            case "counter", "filter" -> List.of("--spring.cloud.stream.kafka.streams.binder.configuration.state.dir="
                    + dir.resolve(name + "-state"));
            default -> List.of();
        };
    }

    private static List<String> databaseArguments(Database database, String h2Url) {
        if (database == null) {
            return List.of("--spring.datasource.url=" + h2Url);
        }
        return List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password());
    }

    /** @return the broker's bootstrap servers, e.g. {@code 127.0.0.1:9092} (or the external Kafka's) */
    public String bootstrapServers() {
        return options.externalKafka() != null ? options.externalKafka() : broker.bootstrapServers();
    }

    private KafkaBroker ownBroker() {
        if (options.externalKafka() != null) {
            throw new IllegalStateException("the apps use an external Kafka (" + options.externalKafka()
                    + "); stop and start its brokers there");
        }
        return broker;
    }

    /** @return the base URL of an app, e.g. {@code http://localhost:8080} for {@code dashboard} */
    public String url(String app) {
        return apps.get(app).url("");
    }

    /**
     * @return the JDBC URL of the sink's database: the one given with {@link Options#withDatabase}, or the H2 file
     *     (open it while the sink runs: H2 AUTO_SERVER)
     */
    public String databaseUrl() {
        return options.database() != null ? options.database().jdbcUrl() : databaseUrl(options.workDir());
    }

    private static String databaseUrl(Path workDir) {
        return "jdbc:h2:file:" + workDir.toAbsolutePath().resolve("sink-db/tagpulse") + ";AUTO_SERVER=TRUE";
    }

    /** @return the processes by app name, plus {@code kafka} for the broker of its own */
    @Override
    public Map<String, ManagedProcess> processes() {
        Map<String, ManagedProcess> processes = new LinkedHashMap<>();
        if (broker != null) {
            processes.put("kafka", broker.process());
        }
        apps.forEach((name, app) -> processes.put(name, app.process()));
        return processes;
    }

    /** Starts a dead app, or the dead broker ({@code kafka}), again as it was, and waits until it is ready. */
    @Override
    public void revive(String name) {
        if (name.equals("kafka")) {
            startBroker();
        }
        else {
            restart(name);
        }
    }

    /**
     * Starts the watchdog ({@link Watchdog}), which starts a dead app or broker again within the policy's budget until
     * {@link #close}.
     */
    Watchdog startWatchdog(RestartPolicy policy, java.io.PrintStream out) {
        watchdog = Watchdog.start(this, policy, out);
        return watchdog;
    }

    /** @return process ids by app name, plus {@code kafka} */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (broker != null) {
            pids.put("kafka", broker.process().pid());
        }
        apps.forEach((name, app) -> pids.put(name, app.process().pid()));
        return pids;
    }

    /**
     * Stops the apps together (SIGTERM to all at once; one still running after {@link ManagedProcess#STOP_TIMEOUT}
     * is killed), then the broker, which they need while they shut down cleanly.
     */
    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.close();
        }
        if (training != null) {
            // A training run still going is stopped; its app gets its archive on a later run.
            training.interrupt();
            try {
                training.join(Duration.ofSeconds(15).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        stopAppsThenBroker(apps.values().stream().map(PipelineApp::process).toList(),
                broker == null ? null : broker.process(), ManagedProcess.STOP_TIMEOUT);
        try {
            Files.deleteIfExists(options.workDir().resolve("pids"));
        }
        catch (IOException ex) {
            System.err.println("Could not delete the pid file: " + ex);
        }
    }

    /** Ports this JVM has handed out: never twice, so two servers of one run never share a port. */
    private static final Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now, below Linux's ephemeral range (32768 and up): an app binds its port only when it has started,
     * tens of seconds later, and a port from that range can meanwhile be given to some process's outgoing connection.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            // Without SO_REUSEADDR, as a listener that does not set it binds: a port still in TIME_WAIT after an
            // earlier server (a test before this one) is refused here, not by the broker when it starts.
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(port));
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            }
            catch (IOException taken) {
                // Try another.
            }
        }
        throw new UncheckedIOException(new IOException("no free port found between 20000 and 32000"));
    }

    /**
     * The counter's trend rules on a local run: a 2-minute short horizon against a 20-minute baseline, judged after 3
     * minutes of warm-up instead of 15, and 3 minutes of cooling, so a trend is seen within minutes of the start and
     * its whole lifecycle within ten (the defaults are for a long-running deployment: 5 minutes against an hour).
     */
    static final List<String> QUICK_TRENDS = List.of("--tagpulse.counter.trend.short-horizon=2m",
            "--tagpulse.counter.trend.long-horizon=20m", "--tagpulse.counter.trend.warm-up=3m",
            "--tagpulse.counter.trend.cooldown=3m");

    /**
     * The generator's schedule on a local run, to match {@link #QUICK_TRENDS}: the first surge a minute after the
     * counter's warm-up, one every 4 minutes, a spam flood every 8 minutes from the fifth.
     */
    static final List<String> QUICK_SCHEDULE = List.of("--tagpulse.source.generator.surge-start-after=4m",
            "--tagpulse.source.generator.surge-every=4m", "--tagpulse.source.generator.spam-start-after=5m",
            "--tagpulse.source.generator.spam-every=8m");

    /**
     * README command 1: {@code ./run-local.sh [--clean] [--rate N] [--no-generator] [--restarts N] [--no-cds]}. Runs
     * until Ctrl-C, which stops every process it started, or until an app or the broker has died more often than the
     * watchdog may restart it ({@code --restarts}, default 3, within {@link #RESTART_WINDOW}): then it stops
     * everything and exits with status 1.
     */
    public static void main(String[] args) throws Exception {
        long commandStart = Long.getLong("tagpulse.commandStartMillis", System.currentTimeMillis());
        long launcherStart = System.currentTimeMillis();
        Path home = Path.of(System.getProperty("tagpulse.local.home", "local-pipeline/target"));
        Path workDir = Path.of(System.getProperty("tagpulse.local.workDir", ".tagpulse/local"));
        boolean generator = true;
        String rate = "200";
        int restarts = 3;
        boolean classDataSharing = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clean" -> deleteRecursively(workDir);
                case "--no-generator" -> generator = false;
                case "--rate" -> rate = args[++i];
                case "--restarts" -> restarts = Integer.parseInt(args[++i]);
                case "--no-cds" -> classDataSharing = false;
                default -> {
                    System.err.println("Unknown option " + args[i]
                            + "; use --clean, --rate N, --no-generator, --restarts N, --no-cds");
                    System.exit(2);
                }
            }
        }
        RestartPolicy policy = new RestartPolicy(restarts, RESTART_WINDOW);
        Options options = Options.defaults(home, workDir).withArguments("counter", QUICK_TRENDS.toArray(String[]::new));
        if (!classDataSharing) {
            // Each app from its Spring Boot jar, as before class-data sharing (to compare start-ups, or to rule it out).
            System.setProperty(ClassDataSharing.SWITCH, "false");
        }
        if (Boolean.getBoolean("tagpulse.local.freePorts")) {
            // Beside another pipeline on the machine (the launcher's own test): every port a free one.
            options = options.withFreePorts();
        }
        String startupTimeout = System.getProperty("tagpulse.local.startupTimeout");
        if (startupTimeout != null) {
            // A machine loaded by other builds (the launcher's own test) may need longer than 3 min, e.g. PT6M.
            options = options.withStartupTimeout(Duration.parse(startupTimeout));
        }
        if (generator) {
            options = options.withArguments("source", "--tagpulse.source.mode=generator",
                    "--tagpulse.source.generator.rate=" + rate);
            options = options.withArguments("source", QUICK_SCHEDULE.toArray(String[]::new));
        }
        if (ignoresSigint(Path.of("/proc/self/status"))) {
            System.err.println("SIGINT is ignored in this process (a background job of a non-interactive shell, and "
                    + "neither GNU env nor Perl was there to restore it): stop Tagpulse with kill -TERM "
                    + ProcessHandle.current().pid());
        }
        System.out.println("Starting Kafka and the six Tagpulse apps (logs in " + workDir.resolve("logs") + ") ...");
        StartupPhases phases = new StartupPhases(commandStart, System::currentTimeMillis, System.out);
        phases.done("launcher started");
        LocalPipeline pipeline = start(options, Set.of(), phases);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Tagpulse ...");
            pipeline.close();
            System.out.println("Stopped.");
        }));
        long ready = System.currentTimeMillis();
        System.out.printf("""

                Tagpulse is running (apps ready %.1f s after the launcher started).
                  Dashboard:      %s/
                  Query API:      %s/api/tags/top
                  Trends:         %s/api/trends?scope=global   (the first about 5 min after the start)
                  Post to:        %s/posts   (application/json or application/x-ndjson)
                  Kafka:          %s
                  Database:       %s (user sa, no password)
                  Logs:           %s
                Press Ctrl-C to stop everything.
                %n""", (ready - launcherStart) / 1000.0, pipeline.url("dashboard"), pipeline.url("dashboard"),
                pipeline.url("dashboard"), pipeline.url("source"), pipeline.bootstrapServers(), pipeline.databaseUrl(),
                workDir.resolve("logs").toAbsolutePath());
        Watchdog watchdog = pipeline.startWatchdog(policy, System.out);
        if (generator) {
            reportFirstCounts(pipeline, phases);
        }
        pipeline.trainClassDataArchives(System.out);
        String reason = watchdog.gaveUp().join();
        System.err.println("Tagpulse stopped: " + reason + ". Fix the cause (see the log), then start it again.");
        System.exit(1);
    }

    /**
     * Writes the class-data archives the apps lack ({@link ClassDataSharing#train}), one app at a time at the lowest
     * CPU priority, in the background: the first run after a build pays for them, once it is up, and every later
     * start maps them.
     */
    void trainClassDataArchives(PrintStream out) {
        Path jars = options.home().resolve("apps");
        Map<String, ClassDataSharing.Launch> untrained = new LinkedHashMap<>();
        for (String app : APPS) {
            ClassDataSharing.Launch launch = ClassDataSharing.prepare(jars.resolve(app + "-app.jar"),
                    options.jvmOptions(app));
            if (launch.needsTraining()) {
                untrained.put(app, launch);
            }
        }
        if (untrained.isEmpty()) {
            return;
        }
        out.printf("Writing class-data archives for %d apps in the background (the next start is faster) ...%n",
                untrained.size());
        training = new Thread(() -> {
            long start = System.nanoTime();
            int written = 0;
            for (Map.Entry<String, ClassDataSharing.Launch> app : untrained.entrySet()) {
                ClassDataSharing.Launch launch = app.getValue();
                try {
                    if (ClassDataSharing.train(launch, options.jvmOptions(app.getKey()), Duration.ofMinutes(3))) {
                        written++;
                    }
                }
                catch (IOException ex) {
                    out.println("No class-data archive for " + launch.jar().getFileName() + ": " + ex);
                }
                catch (InterruptedException stopping) {
                    return;
                }
            }
            out.printf("Class-data archives written for %d of %d apps in %.0f s.%n",
                    written, untrained.size(), (System.nanoTime() - start) / 1e9);
        }, "class-data-training");
        training.setDaemon(true);
        training.start();
    }

    /** How far back the watchdog counts an app's or the broker's restarts against its budget. */
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private static void reportFirstCounts(LocalPipeline pipeline, StartupPhases phases) {
        HttpClient http = HttpClient.newHttpClient();
        URI top = URI.create(pipeline.url("dashboard") + "/api/tags/top");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(top).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"count\"")) {
                    phases.done("first counts in the database (" + top + ")");
                    return;
                }
            }
            catch (IOException ignored) {
                // the dashboard is up; a failed poll is retried
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            Pause.briefly();
        }
        System.out.println("No counts in the database after 2 minutes: check the logs.");
    }

    /**
     * @return whether the process whose {@code /proc/PID/status} this is ignores SIGINT (Linux; false where there is
     *     no such file): the JVM cannot handle a signal that was ignored when it started
     */
    static boolean ignoresSigint(Path procStatus) {
        try {
            return Files.readAllLines(procStatus).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0b10) != 0);
        }
        catch (IOException | NumberFormatException unknown) {
            return false;
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
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
