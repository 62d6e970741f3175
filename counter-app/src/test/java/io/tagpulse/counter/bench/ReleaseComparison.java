package io.tagpulse.counter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.HashtagCountSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;


/**
 * Benchmark, not a test (CI does not run it): the counter app of this build against a previous release's counter jar,
 * on one embedded KRaft broker and the same pre-loaded topic of generator-like version-2 mentions (2,000 Zipf tags,
 * 1–4 tags a post, 5,000 authors, 3 languages, 2 platforms, author and co-tags, 200 posts per second of event time, a
 * watermark on every partition every 200 ms of event time, as the processor sends them). Each app runs as its jar
 * in a child JVM ({@code -Xmx256m -XX:+UseSerialGC}, the apps' defaults: exactly_once_v2, 1 s and 1 min hopping
 * windows, trends on), alternately (previous first in odd rounds, current first in even ones), and is measured from
 * its consumer group becoming stable until it has committed the last offset: CPU-seconds of the child (from
 * {@code /proc}) per million mentions, and mentions per second. Medians are printed, and the final count of every
 * (tag, window) that the last watermark closed is compared between the two.
 * <p>
 * Run (the jars built by {@code ./mvnw -o -pl counter-app -am package -DskipTests} in each tree):
 * {@code java -Xmx512m -cp counter-app/target/test-classes:counter-app/target/classes:$(cat
 * counter-app/target/test-classpath.txt) io.tagpulse.counter.bench.ReleaseComparison <current jar> <previous jar>
 * [posts] [rounds]}. With {@code -Dbench.jfr=<dir>} the current app's runs record a JFR profile there; with
 * {@code -Dbench.currentOnly=true} only the current app runs (to profile it).
 */
public final class ReleaseComparison {

    private static final String INPUT = "bench.hashtags";

    private static final int POSTS_PER_SECOND = 200;

    private static final long WATERMARK_EVERY_MILLIS = 200;

    private ReleaseComparison() {
    }

    record Run(String name, long mentions, double seconds, double cpuSeconds, Map<String, Long> finals) {

        double cpuPerMillion() {
            return cpuSeconds / mentions * 1e6;
        }

        double perSecond() {
            return mentions / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path currentJar = Path.of(args[0]);
        Path previousJar = Path.of(args[1]);
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = Files.createTempDirectory("counter-release-");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, BenchGroup.PARTITIONS, INPUT);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "4",
                "offsets.topic.num.partitions", "4", "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        System.out.printf("load average at the start: %s%n", loadAverage());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Loaded loaded = load(bootstrap, posts);
            System.out.printf("Loaded %,d mentions of %,d posts into %s (%d partitions), %d s of event time%n",
                    loaded.mentions(), posts, INPUT, BenchGroup.PARTITIONS, loaded.lastWatermark() / 1000 - loaded.start() / 1000);
            List<Run> current = new ArrayList<>();
            List<Run> previous = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<Boolean> order = Boolean.getBoolean("bench.currentOnly") ? List.of(true)
                        : round % 2 == 1 ? List.of(false, true) : List.of(true, false);
                for (boolean isCurrent : order) {
                    String name = (isCurrent ? "current" : "previous") + round;
                    Run run = measure(admin, bootstrap, name, isCurrent ? currentJar : previousJar, isCurrent, work,
                            loaded);
                    System.out.printf("  %-10s %,9d mentions %7.1f s %9.1f CPU-s %,10.0f mentions/s %7.1f CPU-s per "
                            + "million, %,d closed windows (load %s)%n", run.name(), run.mentions(), run.seconds(),
                            run.cpuSeconds(), run.perSecond(), run.cpuPerMillion(), run.finals().size(),
                            loadAverage());
                    (isCurrent ? current : previous).add(run);
                }
            }
            if (previous.isEmpty()) {
                return; // -Dbench.currentOnly: a profile of the current app, nothing to compare
            }
            double currentCpu = median(current.stream().mapToDouble(Run::cpuPerMillion).toArray());
            double previousCpu = median(previous.stream().mapToDouble(Run::cpuPerMillion).toArray());
            double currentRate = median(current.stream().mapToDouble(Run::perSecond).toArray());
            double previousRate = median(previous.stream().mapToDouble(Run::perSecond).toArray());
            System.out.println();
            System.out.printf("medians of %d runs each: current %.1f CPU-s per million mentions, %,.0f mentions/s; "
                    + "previous %.1f CPU-s per million, %,.0f mentions/s%n", rounds, currentCpu, currentRate,
                    previousCpu, previousRate);
            System.out.printf("current / previous: %.2fx per CPU-second (previous CPU / current CPU), %.2fx "
                    + "mentions/s%n", previousCpu / currentCpu, currentRate / previousRate);
            compare(current, previous);
            System.out.printf("load average at the end: %s%n", loadAverage());
        }
        finally {
            broker.destroy();
        }
    }

    record Loaded(long mentions, long start, long lastWatermark) {
    }

    /** Generator-like posts, split into mentions keyed by tag as the processor splits them. */
    private static Loaded load(String bootstrap, int posts) {
        Random random = new Random(7);
        String[] languages = { "en", "es", "ja" };
        String[] platforms = { "mastodon", "bluesky" };
        // Event times within the counter's max-delay (1 h) of the arrival, or every mention would be late (too old).
        long start = Instant.now().minus(Duration.ofMinutes(30)).toEpochMilli() / 1000 * 1000;
        long mentions = 0;
        long nextMark = start + WATERMARK_EVERY_MILLIS;
        long newest = start;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65_536))) {
            for (int post = 0; post < posts; post++) {
                // 200 posts per second of event time, up to 500 ms out of order within the one input partition.
                long eventTime = start + post * 1000L / POSTS_PER_SECOND - random.nextInt(500);
                while (eventTime > nextMark && newest >= nextMark) {
                    sendWatermark(producer, newest);
                    nextMark += WATERMARK_EVERY_MILLIS;
                }
                newest = Math.max(newest, eventTime);
                String author = "author" + random.nextInt(5_000);
                String language = languages[random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 6 ? 1 : 2];
                String platform = platforms[random.nextInt(2)];
                Set<String> tags = new LinkedHashSet<>();
                int count = 1 + random.nextInt(4);
                while (tags.size() < count) {
                    tags.add("topic" + BenchGroup.zipf(random, 2_000));
                }
                for (String tag : tags) {
                    List<String> coTags = tags.stream().filter(other -> !other.equals(tag)).toList();
                    producer.send(new ProducerRecord<>(INPUT, tag, TagpulseJson.writeString(new HashtagMention(tag,
                            tag, "p" + post, platform, language, Instant.ofEpochMilli(eventTime), author, coTags))));
                    mentions++;
                }
            }
            // A last watermark well past the last post, so every window but the last grace's closes.
            sendWatermark(producer, newest);
            producer.flush();
        }
        return new Loaded(mentions, start, newest);
    }

    private static void sendWatermark(KafkaProducer<String, String> producer, long eventTime) {
        String mark = TagpulseJson.writeString(new Watermark(1, Map.of(0, eventTime), Set.of()));
        for (int partition = 0; partition < BenchGroup.PARTITIONS; partition++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(INPUT, partition, null, mark);
            record.headers().add(Watermark.HEADER, new byte[] { '1' });
            producer.send(record);
        }
    }

    private static Run measure(Admin admin, String bootstrap, String name, Path jar, boolean isCurrent, Path work,
            Loaded loaded) throws Exception {
        String group = name + "-counter";
        String output = "bench.counts-" + name;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        String jfr = System.getProperty("bench.jfr");
        if (isCurrent && jfr != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, name + ".jfr"));
        }
        command.addAll(List.of("-jar", jar.toString(), "--spring.cloud.dataflow.stream.name=" + name,
                "--server.port=0", "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrap,
                "--spring.cloud.stream.bindings.input.destination=" + INPUT,
                "--spring.cloud.stream.bindings.output.destination=" + output,
                "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + work.resolve(name),
                // As ./run-local.sh runs the counter (the previous release has no such options and ignores them).
                "--tagpulse.counter.trend.long-horizon=20m", "--tagpulse.counter.trend.warm-up=3m"));
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            BenchGroup.CatchUp catchUp = BenchGroup.measureCatchUp(admin, group, INPUT, process,
                    Duration.ofMinutes(12), Duration.ofMinutes(30));
            return new Run(name, loaded.mentions(), catchUp.seconds(), catchUp.cpuSeconds(), finals(admin, bootstrap, output, loaded));
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException(name + " failed; its log: " + log, ex);
        }
        finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** The last count of every (tag, window) the last watermark closed, read committed: its final count. */
    private static Map<String, Long> finals(Admin admin, String bootstrap, String topic, Loaded loaded)
            throws Exception {
        long closedBefore = loaded.lastWatermark() - Duration.ofSeconds(10).toMillis();
        Map<String, Long> finals = new TreeMap<>();
        try (KafkaConsumer<String, HashtagCount> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(),
                new HashtagCountSerde().deserializer())) {
            Map<TopicPartition, Long> ends = BenchGroup.endOffsets(admin, topic);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 3 minutes");
                }
                for (ConsumerRecord<String, HashtagCount> record : consumer.poll(Duration.ofMillis(200))) {
                    HashtagCount count = record.value();
                    if (count.windowEnd().toEpochMilli() <= closedBefore) {
                        finals.put(count.tag() + "|" + count.windowStart() + "|" + count.windowEnd(), count.count());
                    }
                }
            }
        }
        return finals;
    }

    private static void compare(List<Run> current, List<Run> previous) {
        Map<String, Long> reference = previous.get(0).finals();
        long total = reference.values().stream().mapToLong(Long::longValue).sum();
        boolean same = true;
        for (Run run : concat(current, previous)) {
            if (!run.finals().equals(reference)) {
                same = false;
                long differing = reference.keySet().stream()
                    .filter(key -> !reference.get(key).equals(run.finals().get(key)))
                    .count() + run.finals().keySet().stream().filter(key -> !reference.containsKey(key)).count();
                System.out.printf("MISMATCH: %s differs from %s in %,d of %,d closed (tag, window)s%n", run.name(),
                        previous.get(0).name(), differing, reference.size());
            }
        }
        if (same) {
            System.out.printf("every run wrote the same final counts: %,d closed (tag, window)s of both sizes, "
                    + "%,d counted mentions in all%n", reference.size(), total);
        }
    }

    private static List<Run> concat(List<Run> first, List<Run> second) {
        List<Run> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
