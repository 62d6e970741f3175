package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak run (by hand, not part of {@code verify}): the whole local pipeline under a steady load of posts the
 * harness knows ({@link SoakFeed}, straight to the posts topic, the source's generator off), with a fault every few
 * minutes ({@link FaultRotation}: a SIGKILL of the counter, the broker, the filter, the processor, the sink, ... in
 * turn), each dead process started again by the launcher's own watchdog ({@link Watchdog}) as soon as it sees it
 * gone, as a user's supervisor would. Every 30 s it samples each group's lag (records, and seconds of its input),
 * each process's RSS, each app's heap and live heap, the sink database's size on disk and the count error: over the
 * 1 s windows that ended more than the counter's grace and a margin ago, how many stored counts differ from the
 * brute-force ones and by how many mentions in all. After each fault it polls every 2 s until the process is back
 * and every group is within 5 s of its input again (the recovery time). At the end the load stops, the pipeline
 * drains and the count error over every window must come down to 0. It writes {@code soak.svg} (a panel per measure,
 * a mark per fault), {@code soak.json} and {@code soak.csv} to its work directory, and prints a summary comparing the
 * first and last thirds and a table of the faults. Run with
 * {@code local-pipeline/soak.sh [minutes, 30] [posts per second, 1000] [minutes between faults, 5; 0 for none]
 * [APP=--key=value ...]}.
 * <p>
 * Heap in use grows between collections by design; the leak signal is the live heap ({@code liveMB}: the old
 * generation after the last full collection). The apps' heaps are pre-touched at their full size, so RSS starts with
 * the whole heap resident and any growth of it is native memory. The apps run with native memory tracking, and at the end the run
 * writes each app's native memory summary (a diff against the first sample) and its largest heap classes to
 * {@code <work dir>/memory-<app>.txt}, to tell a heap leak from native growth (RocksDB, malloc arenas, threads).
 * An app restarted by a fault has its baseline from its restart.
 */
public final class SoakRun {

    private static final Duration SAMPLE = Duration.ofSeconds(30);

    /** The counter's default grace, and a margin for the counts to reach the database after a window closes. */
    private static final Duration SETTLED = Duration.ofSeconds(10 + 20);

    /** A group this many seconds of its input behind or less has caught up. */
    private static final double CAUGHT_UP_SECONDS = 5;

    /** Held while the sink's database is read, and by a fault that kills the sink (H2 AUTO_SERVER: see below). */
    private static final ReentrantLock DATABASE = new ReentrantLock();

    /** What one fault did: when the killed process was back and when every group had caught up, after the kill. */
    record Outcome(FaultRotation.Fault fault, long killedPid, long newPid, double backSeconds, double recoveredSeconds,
            Map<String, Double> maxLagSeconds) {
    }

    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        List<Double> numbers = new ArrayList<>();
        int first = 0;
        while (first < args.length && !args[first].contains("=")) {
            numbers.add(Double.parseDouble(args[first++]));
        }
        double minutes = numbers.size() > 0 ? numbers.get(0) : 30;
        int rate = numbers.size() > 1 ? numbers.get(1).intValue() : 1_000;
        double faultMinutes = numbers.size() > 2 ? numbers.get(2) : 5;
        Path home = Path.of(System.getProperty("tagpulse.local.home", "local-pipeline/target"));
        Path workDir = Files.createTempDirectory(home, "soak-");
        LocalPipeline.Options defaults = LocalPipeline.Options.defaults(home, workDir);
        // The whole heap resident from the start (each app's initial heap its maximum, pre-touched; the ergonomic
        // initial size is capped at the app's -Xmx): a heap that a collector has not yet reached would otherwise
        // show as RSS growing for the first tens of minutes, leak or no leak.
        // Slow starts on a busy machine are part of what a soak run sees, not a reason to stop it.
        LocalPipeline.Options options = defaults.withFreePorts().withStartupTimeout(Duration.ofMinutes(8))
            .withJvmOptions("-XX:NativeMemoryTracking=summary", "-XX:InitialRAMPercentage=100",
                    "-XX:+AlwaysPreTouch");
        // Further arguments APP=--key=value go to one app, e.g. filter=--tagpulse.filter.rocksdb-memory=8MB.
        for (int i = first; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals < 1 || !LocalPipeline.APPS.contains(args[i].substring(0, equals))) {
                throw new IllegalArgumentException("expected APP=--key=value with APP one of " + LocalPipeline.APPS
                        + ", got " + args[i]);
            }
            options = options.withArguments(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        Duration length = Duration.ofMillis((long) (minutes * 60_000));
        List<FaultRotation.Fault> faults = FaultRotation.every(Duration.ofMillis((long) (faultMinutes * 60_000)))
            .schedule(length);
        System.out.printf("Soak: %s min at %d posts/s, faults %s; work dir %s; load average %s%n", minutes, rate,
                faults, workDir, SoakProbes.loadAverage());
        List<Map<String, Double>> samples = new ArrayList<>();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        Map<String, Object> ending = new LinkedHashMap<>();
        String loadAtStart = SoakProbes.loadAverage();
        ending.put("loadAverageAtStart", loadAtStart);
        String title = String.format(Locale.ROOT, "Soak: %s min at %,d posts/s, a fault every %s min", minutes, rate,
                faultMinutes);
        SoakReport report = new SoakReport(workDir, title, minutes, rate, faultMinutes, faults);
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            // Ctrl-C (or a kill) stops the apps and the broker too: each runs in a session of its own.
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
            pipeline.startWatchdog(new RestartPolicy(3, LocalPipeline.RESTART_WINDOW), System.out);
            Instant start = Instant.now();
            SoakFeed feed = SoakFeed.start(pipeline.bootstrapServers(), rate);
            try {
                Thread faulting = new Thread(() -> inject(pipeline, faults, start, outcomes), "soak-faults");
                faulting.setDaemon(true);
                faulting.start();
                Instant end = start.plus(length);
                boolean baseline = false;
                while (Instant.now().isBefore(end)) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(SAMPLE.toMillis(),
                            Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                    Map<String, Double> sample = sample(pipeline, feed, start, workDir);
                    if (!baseline) {
                        // The native memory baseline, once the apps are warm.
                        pipeline.pids().forEach((name, pid) -> SoakProbes.jcmd(pid, "VM.native_memory", "baseline"));
                        baseline = true;
                    }
                    samples.add(sample);
                    System.out.println(Instant.now() + " " + sample);
                    // Written at every sample, so that a run cut short still leaves its figures.
                    try {
                        report.write(samples, outcomes, ending);
                    }
                    catch (IOException | RuntimeException ex) {
                        System.out.println("Could not write the report this sample: " + ex);
                    }
                }
                // The last fault's recovery is part of the run.
                faulting.join(Duration.ofMinutes(5).toMillis());
            }
            finally {
                feed.close();
            }
            ending.putAll(drain(pipeline, feed));
            report.write(samples, outcomes, ending);
            for (String app : LocalPipeline.APPS) {
                long pid = pipeline.pids().get(app);
                Path memory = workDir.resolve("memory-" + app + ".txt");
                Files.writeString(memory, SoakProbes.jcmd(pid, "VM.native_memory", "summary.diff") + "\n"
                        + SoakProbes.jcmd(pid, "GC.class_histogram").lines().limit(30).reduce("", (a, b) -> a + b + "\n"));
                System.out.println("Memory of " + app + ": " + memory);
            }
        }
        ending.put("loadAverageAtEnd", SoakProbes.loadAverage());
        report.write(samples, outcomes, ending);
        System.out.println(SoakReport.summary(samples));
        System.out.println(SoakReport.faultTable(outcomes));
        System.out.println("End: " + ending);
        System.out.println("Written: " + workDir.resolve("soak.svg") + ", soak.json, soak.csv");
    }

    /** One sample of every measure, at its minute since the start. */
    private static Map<String, Double> sample(LocalPipeline pipeline, SoakFeed feed, Instant start, Path workDir) {
        Map<String, Double> sample = new LinkedHashMap<>();
        sample.put(SoakChart.MINUTE, Duration.between(start, Instant.now()).toMillis() / 60_000.0);
        Map<String, Long> pids = SoakProbes.pids(pipeline);
        pids.forEach((name, pid) -> sample.put(name + ".rssMB", SoakProbes.rssMegabytes(pid)));
        for (String app : LocalPipeline.APPS) {
            String metrics = SoakProbes.prometheus(pipeline.url(app));
            sample.put(app + ".heapMB", SoakProbes.megabytes(metrics, "jvm_memory_used_bytes{", "area=\"heap\""));
            sample.put(app + ".liveMB", SoakProbes.megabytes(metrics, "jvm_gc_live_data_size_bytes", ""));
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        try {
            Map<String, long[]> lags = SoakProbes.lags(pipeline.bootstrapServers());
            lags.forEach((group, lagAndEnd) -> {
                sample.put(group + ".lag", (double) lagAndEnd[0]);
                sample.put(group + ".lagS", SoakProbes.lagSeconds(lagAndEnd, seconds));
            });
        }
        catch (Exception brokerAway) {
            System.out.println("No lags this sample: " + brokerAway);
        }
        sample.put("acked posts/s", feed.acknowledged() / seconds);
        sample.put("databaseMB", SoakProbes.directoryMegabytes(workDir.resolve("sink-db")));
        CountError error = countError(pipeline, feed, Instant.now().minus(SETTLED).toEpochMilli());
        if (error != null) {
            sample.put("countError.windows", (double) error.windowsDiffering());
            sample.put("countError.mentions", (double) error.mentionsOff());
            sample.put("countError.compared", (double) error.windowsCompared());
        }
        return sample;
    }

    /**
     * @return the count error of the windows that ended by {@code endedBy}, or null while the sink is not healthy:
     *     with H2 the sink's URL is AUTO_SERVER, and the first process to open the file serves it, so the harness
     *     must not be the one that opens it while the sink is down
     */
    private static CountError countError(LocalPipeline pipeline, SoakFeed feed, long endedBy) {
        DATABASE.lock();
        try {
            if (!SoakProbes.healthy(pipeline, "sink")) {
                return null;
            }
            return feed.error(SinkDatabase.counts(pipeline.databaseUrl(), SoakFeed.WINDOW_MILLIS), endedBy);
        }
        catch (SQLException ex) {
            System.out.println("No count error this sample: " + ex);
            return null;
        }
        finally {
            DATABASE.unlock();
        }
    }

    /** Strikes each fault at its time and follows the recovery from it, until the next one is due. */
    private static void inject(LocalPipeline pipeline, List<FaultRotation.Fault> faults, Instant start,
            List<Outcome> outcomes) {
        for (int i = 0; i < faults.size(); i++) {
            FaultRotation.Fault fault = faults.get(i);
            Instant due = start.plus(fault.at());
            // Followed until caught up, for at most 4 minutes and never past the next fault.
            Instant followUntil = due.plus(Duration.ofMinutes(4));
            if (i + 1 < faults.size() && start.plus(faults.get(i + 1).at()).isBefore(followUntil)) {
                followUntil = start.plus(faults.get(i + 1).at());
            }
            LockSupport.parkNanos(Math.max(0, Duration.between(Instant.now(), due).toNanos()));
            long killed = SoakProbes.pids(pipeline).get(fault.target());
            DATABASE.lock();
            try {
                if (fault.target().equals("kafka")) {
                    pipeline.killBroker();
                }
                else {
                    pipeline.kill(fault.target());
                }
            }
            finally {
                DATABASE.unlock();
            }
            long killedAt = System.nanoTime();
            System.out.printf("%s Fault %d: killed %s (pid %d)%n", Instant.now(), fault.number(), fault.target(),
                    killed);
            Map<String, Double> maxLag = new TreeMap<>();
            double back = Double.NaN;
            double recovered = Double.NaN;
            long newPid = -1;
            while (Instant.now().isBefore(followUntil) && Double.isNaN(recovered)) {
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                double after = (System.nanoTime() - killedAt) / 1e9;
                Long pid = SoakProbes.pids(pipeline).get(fault.target());
                Map<String, Double> lags = new TreeMap<>();
                try {
                    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                    SoakProbes.lags(pipeline.bootstrapServers()).forEach((group, lag) -> lags.put(group, SoakProbes.lagSeconds(lag,
                            seconds)));
                }
                catch (Exception brokerAway) {
                    // No lags while the broker is down: not caught up.
                }
                lags.forEach((group, lag) -> maxLag.merge(group, lag, Math::max));
                boolean running = pid != null && pid != killed && (fault.target().equals("kafka") ? !lags.isEmpty()
                        : SoakProbes.healthy(pipeline, fault.target()));
                if (running && Double.isNaN(back)) {
                    back = after;
                    newPid = pid;
                }
                if (running && lags.size() == SoakProbes.GROUPS.size()
                        && lags.values().stream().allMatch(lag -> lag <= CAUGHT_UP_SECONDS)) {
                    recovered = after;
                }
            }
            Outcome outcome = new Outcome(fault, killed, newPid, back, recovered, maxLag);
            outcomes.add(outcome);
            System.out.printf("%s Fault %d (%s): back after %.1f s, caught up after %.1f s, max lag %s%n",
                    Instant.now(), fault.number(), fault.target(), back, recovered, maxLag);
        }
    }

    /**
     * Waits (at most 5 minutes) until every window's stored count is the brute-force one, the load stopped.
     *
     * @return the final count error, how long the drain took, the posts and mentions made and the posts lost
     */
    private static Map<String, Object> drain(LocalPipeline pipeline, SoakFeed feed) throws InterruptedException {
        long drainStart = System.nanoTime();
        CountError error = null;
        while (System.nanoTime() - drainStart < Duration.ofMinutes(5).toNanos()
                && (error == null || error.windowsDiffering() > 0)) {
            TimeUnit.SECONDS.sleep(5);
            error = countError(pipeline, feed, Long.MAX_VALUE / 2);
        }
        long[] made = feed.madePostsAndMentions();
        Map<String, Object> ending = new LinkedHashMap<>();
        ending.put("finalCountError", error);
        ending.put("drainSeconds", Math.round((System.nanoTime() - drainStart) / 1e8) / 10.0);
        ending.put("postsMade", made[0]);
        ending.put("mentionsMade", made[1]);
        ending.put("postsAcknowledged", feed.acknowledged());
        ending.put("postsFailed", feed.failed());
        ending.put("firstFailure", String.valueOf(feed.firstFailure()));
        return ending;
    }
}
