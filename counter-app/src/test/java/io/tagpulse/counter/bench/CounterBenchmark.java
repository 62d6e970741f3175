package io.tagpulse.counter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import io.tagpulse.counter.HashtagCountSerde;
import io.tagpulse.counter.app.CounterApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;


/**
 * Benchmark, not a test (CI does not run it): on one embedded KRaft broker, in one run,
 * <ol>
 * <li>the throughput of {@link PlainWindowedCount} (Kafka Streams without Spring), of the counter's topology without
 * Spring, and of the counter app (with its late routing, pending-update store and trend stage) on the same pre-loaded
 * mentions, each in a child JVM with the
 * same heap, measured from the moment its consumer group is stable until it has committed the last offset: mentions
 * per second, mentions per CPU-second of the child (per core), its RSS;</li>
 * <li>the delay from window close ({@code windowEnd + grace} in wall-clock time, mentions stamped "now") to the
 * final count on the counts topic, read committed, for the counter in {@code FINAL} mode under a steady live load:
 * p50, p99, max.</li>
 * </ol>
 * Run: {@code ./mvnw -q -o -f counter-app/pom.xml test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}, then
 * {@code java -Xmx512m -cp counter-app/target/test-classes:counter-app/target/classes:$(cat
 * counter-app/target/test-classpath.txt) io.tagpulse.counter.bench.CounterBenchmark [mentions]}.
 */
public final class CounterBenchmark {

    private static final String CHILD_HEAP = "-Xmx256m";

    private CounterBenchmark() {
    }

    record Result(String name, long mentions, double seconds, double cpuSeconds, long rssKb, long peakRssKb) {

        double perSecond() {
            return mentions / seconds;
        }

        double perCpuSecond() {
            return mentions / cpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int mentions = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Path work = Files.createTempDirectory("counter-bench-");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, BenchGroup.PARTITIONS, "bench.hashtags",
                "bench.live-hashtags", "bench.plain-counts", "bench.counter-counts", "bench.live-counts", "bench.topology-counts");
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "4",
                "offsets.topic.num.partitions", "4", "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            System.out.printf("Loading %,d mentions of 500 tags into bench.hashtags (%d partitions)...%n", mentions,
                    BenchGroup.PARTITIONS);
            load(bootstrap, mentions);

            Result plain = measure(admin, "plain Kafka Streams", "bench-plain", mentions,
                    List.of(PlainWindowedCount.class.getName(), bootstrap, "bench-plain", "bench.hashtags",
                            "bench.plain-counts", work.resolve("plain").toString()));
            Result topologyOnly = measure(admin, "counter topology", "bench-topology", mentions,
                    List.of(PlainWindowedCount.class.getName(), bootstrap, "bench-topology", "bench.hashtags",
                            "bench.topology-counts", work.resolve("topology").toString(), "counter-topology"));
            List<String> counterArgs = new ArrayList<>(List.of(CounterApplication.class.getName(),
                    "--spring.cloud.dataflow.stream.name=bench",
                            "--server.port=0", "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrap,
                            "--spring.cloud.stream.bindings.input.destination=bench.hashtags",
                            "--spring.cloud.stream.bindings.output.destination=bench.counter-counts",
                            "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir="
                                    + work.resolve("counter"),
                            "--tagpulse.counter.hop-size=0", "--tagpulse.counter.grace=10s"));
            // Further counter options from the command line, e.g. --tagpulse.counter.rocksdb-memory=256MB.
            counterArgs.addAll(List.of(args).subList(Math.min(1, args.length), args.length));
            Result counter = measure(admin, "counter app", "bench-counter", mentions, counterArgs);

            System.out.println();
            System.out.printf("%-22s %10s %9s %14s %16s %10s %10s%n", "", "mentions", "seconds", "mentions/s",
                    "mentions/cpu-s", "RSS MB", "peak MB");
            for (Result result : List.of(plain, topologyOnly, counter)) {
                System.out.printf("%-22s %,10d %9.1f %,14.0f %,16.0f %10d %10d%n", result.name(), result.mentions(),
                        result.seconds(), result.perSecond(), result.perCpuSecond(), result.rssKb() / 1024,
                        result.peakRssKb() / 1024);
            }
            System.out.printf("counter / plain: %.2f (wall), %.2f (per CPU-second)%n",
                    counter.perSecond() / plain.perSecond(), counter.perCpuSecond() / plain.perCpuSecond());

            if (!Boolean.getBoolean("bench.skipLatency")) {
                latency(admin, bootstrap, work);
            }
        }
        finally {
            broker.destroy();
        }
    }

    private static void load(String bootstrap, int mentions) {
        Random random = new Random(1);
        Instant base = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (int i = 0; i < mentions; i++) {
                String tag = "tag" + BenchGroup.zipf(random, 500);
                // 10 000 mentions per second of event time, up to 2 s out of order.
                Instant eventTime = base.plusMillis(i / 10 - random.nextInt(2_000));
                producer.send(new ProducerRecord<>("bench.hashtags", tag, TagpulseJson.writeString(
                        new HashtagMention(tag, tag, "p" + i, "bench", null, eventTime))));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.LINGER_MS_CONFIG,
                5));
    }

    private static Process child(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), CHILD_HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Result measure(Admin admin, String name, String group, int mentions, List<String> mainAndArgs)
            throws Exception {
        System.out.printf("Running %s...%n", name);
        Path log = Files.createTempFile("counter-bench-" + group, ".log");
        Process process = child(mainAndArgs, log);
        try {
            BenchGroup.CatchUp catchUp = BenchGroup.measureCatchUp(admin, group, "bench.hashtags", process,
                    Duration.ofMinutes(3), Duration.ofMinutes(20));
            long[] rss = rss(process.pid());
            return new Result(name, mentions, catchUp.seconds(), catchUp.cpuSeconds(), rss[0], rss[1]);
        }
        finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** @return VmRSS and VmHWM of the process, in kB */
    private static long[] rss(long pid) throws IOException {
        Map<String, Long> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
            .stream()
            .filter(line -> line.startsWith("VmRSS:") || line.startsWith("VmHWM:"))
            .collect(Collectors.toMap(line -> line.substring(0, 5),
                    line -> Long.parseLong(line.replaceAll("[^0-9]", ""))));
        return new long[] { status.get("VmRSS"), status.get("VmHWM") };
    }

    /** The counter in FINAL mode under a steady live load of 2 000 mentions per second, stamped "now". */
    private static void latency(Admin admin, String bootstrap, Path work) throws Exception {
        long graceMillis = 1_000;
        System.out.println();
        System.out.println("Running the counter in FINAL mode, grace 1 s, 2 000 live mentions/s for 30 s "
                + "(windows of the first 5 s not measured)...");
        Path log = Files.createTempFile("counter-bench-live", ".log");
        Process process = child(List.of(CounterApplication.class.getName(),
                "--spring.cloud.dataflow.stream.name=bench-live", "--server.port=0",
                "--spring.cloud.stream.kafka.streams.binder.brokers=" + bootstrap,
                "--spring.cloud.stream.bindings.input.destination=bench.live-hashtags",
                "--spring.cloud.stream.bindings.output.destination=bench.live-counts",
                "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + work.resolve("live"),
                "--tagpulse.counter.hop-size=0", "--tagpulse.counter.grace=" + graceMillis + "ms",
                "--tagpulse.counter.emit-mode=FINAL",
                "--tagpulse.counter.commit-interval=100ms"), log);
        List<Long> delays = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap);
                KafkaConsumer<String, HashtagCount> finals = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-live-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                        new HashtagCountSerde().deserializer())) {
            BenchGroup.awaitStable(admin, "bench-live-counter", Duration.ofMinutes(3));
            finals.subscribe(List.of("bench.live-counts"));
            Random random = new Random(2);
            long end = System.currentTimeMillis() + 30_000;
            long sent = 0;
            long started = System.currentTimeMillis();
            long lastMark = 0;
            while (System.currentTimeMillis() < end + 8_000) {
                long now = System.currentTimeMillis();
                long due = now < end ? (now - started) * 2 : sent;
                for (; sent < due; sent++) {
                    String tag = "tag" + BenchGroup.zipf(random, 500);
                    producer.send(new ProducerRecord<>("bench.live-hashtags", tag, TagpulseJson.writeString(
                            new HashtagMention(tag, tag, "l" + sent, "bench", null, Instant.ofEpochMilli(now)))));
                }
                if (now < end && now - lastMark >= 200) {
                    // As the processor does: a watermark on every partition, here for its one input partition.
                    lastMark = now;
                    String mark = TagpulseJson.writeString(new Watermark(1, Map.of(0, now), Set.of()));
                    for (int partition = 0; partition < 4; partition++) {
                        ProducerRecord<String, String> record = new ProducerRecord<>("bench.live-hashtags",
                                partition, null, mark);
                        record.headers().add(Watermark.HEADER, new byte[] { '1' });
                        producer.send(record);
                    }
                }
                for (ConsumerRecord<String, HashtagCount> record : finals.poll(Duration.ofMillis(20))) {
                    if (record.value().windowStart().toEpochMilli() < started + 5_000) {
                        continue; // warm-up: the first 5 s of windows (JIT, first transactions) are not measured
                    }
                    long closed = record.value().windowEnd().toEpochMilli() + graceMillis;
                    delays.add(System.currentTimeMillis() - closed);
                }
            }
        }
        finally {
            process.destroy();
            process.waitFor();
        }
        Collections.sort(delays);
        System.out.printf("under load: %,d final counts; delay from window close (end + grace) to the final count, "
                + "read committed: p50 %d ms, p99 %d ms, max %d ms%n", delays.size(), percentile(delays, 0.50),
                percentile(delays, 0.99), delays.isEmpty() ? -1 : delays.get(delays.size() - 1));
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
