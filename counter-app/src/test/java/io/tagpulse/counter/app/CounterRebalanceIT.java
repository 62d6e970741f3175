package io.tagpulse.counter.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.counter.HashtagCountSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two counter instances of one application id share the four partitions of the hashtag topic on a real (embedded,
 * KRaft) broker; one is stopped in the middle of the stream and restarted on its old state directory, which moves
 * its tasks to the other instance and back. Read committed, the last count of every tag in every window equals the
 * brute-force count of the corpus: none lost, none doubled.
 */
// Bounded above the default of junit-platform.properties: four waits of three minutes at most.
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CounterRebalanceIT {

    private static final Duration WAIT = Duration.ofMinutes(3);

    private static final int PARTITIONS = 4;

    @TempDir
    Path stateDirs;

    private EmbeddedKafkaBroker broker;

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        instances.forEach(ConfigurableApplicationContext::close);
        if (broker != null) {
            broker.destroy();
        }
    }

    private ConfigurableApplicationContext startInstance(String name) throws Exception {
        Path stateDir = Files.createDirectories(stateDirs.resolve(name));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CounterApplication.class)
            .web(WebApplicationType.NONE)
            .run("--spring.cloud.dataflow.stream.name=rebalance",
                    "--spring.cloud.stream.kafka.streams.binder.brokers=" + broker.getBrokersAsString(),
                    "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir=" + stateDir,
                    "--tagpulse.counter.grace=10m", "--tagpulse.counter.hop-size=0",
                    "--tagpulse.counter.commit-interval=200ms", "--tagpulse.counter.emit-interval=200ms",
                    "--tagpulse.counter.rocksdb-memory=16MB");
        instances.add(context);
        return context;
    }

    private static KafkaStreams.State state(ConfigurableApplicationContext context) {
        return context.getBean("&stream-builder-countHashtags", StreamsBuilderFactoryBean.class)
            .getKafkaStreams()
            .state();
    }

    @Test
    void shouldCountExactlyOnceAcrossAnInstanceStoppedAndRestartedMidStream() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, "tagpulse.hashtags", "tagpulse.hashtag-counts")
            .brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "4",
                    "offsets.topic.num.partitions", "4", "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();

        ConfigurableApplicationContext first = startInstance("first");
        ConfigurableApplicationContext second = startInstance("second");
        await().atMost(WAIT).until(() -> state(first) == KafkaStreams.State.RUNNING
                && state(second) == KafkaStreams.State.RUNNING);

        // 3 000 mentions of 30 tags over 30 one-second windows, shuffled (all within the 10-minute grace).
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Random random = new Random(7);
        List<HashtagMention> corpus = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 3_000; i++) {
            String tag = "tag" + Math.min(random.nextInt(30), random.nextInt(30));
            Instant eventTime = base.plusMillis(random.nextInt(30_000));
            corpus.add(new HashtagMention(tag, tag, "p" + i, "test", null, eventTime));
            expected.merge(tag + "@" + eventTime.truncatedTo(ChronoUnit.SECONDS), 1L, Long::sum);
        }
        Collections.shuffle(corpus, random);

        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<String, Long> last = new TreeMap<>();
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, "rebalance-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig);
                KafkaConsumer<String, HashtagCount> counts = new KafkaConsumer<>(consumerConfig,
                        new StringDeserializer(), new HashtagCountSerde().deserializer())) {
            counts.subscribe(List.of("tagpulse.hashtag-counts"));
            send(producer, corpus.subList(0, 1_000));
            // Stop one instance while its share of the first third is in flight: its tasks move to the other.
            await().atMost(WAIT).untilAsserted(() -> {
                poll(counts, last);
                assertThat(last).isNotEmpty();
            });
            ConfigurableApplicationContext stopped = instances.remove(1);
            stopped.close();
            send(producer, corpus.subList(1_000, 2_000));
            // Restart it on its old state directory: the tasks move back, their state restored from the changelogs.
            ConfigurableApplicationContext restarted = startInstance("second");
            await().atMost(WAIT).until(() -> state(restarted) == KafkaStreams.State.RUNNING
                    && state(first) == KafkaStreams.State.RUNNING);
            send(producer, corpus.subList(2_000, 3_000));

            try {
                await().atMost(WAIT).untilAsserted(() -> {
                    poll(counts, last);
                    assertThat(last).isEqualTo(expected);
                });
            }
            catch (org.awaitility.core.ConditionTimeoutException ex) {
                long counted = last.values().stream().mapToLong(Long::longValue).sum();
                throw new AssertionError("counted " + counted + " of 3000; late mentions: " + lateMentions(), ex);
            }
        }
    }

    private int lateMentions() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "rebalance-it-late", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int late = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("rebalance.late-mentions"));
            for (int i = 0; i < 20; i++) {
                late += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return late;
    }

    private static void send(KafkaProducer<String, String> producer, List<HashtagMention> mentions) {
        for (HashtagMention mention : mentions) {
            producer.send(new ProducerRecord<>("tagpulse.hashtags", mention.tag(), TagpulseJson.writeString(mention)));
        }
        producer.flush();
    }

    private static void poll(KafkaConsumer<String, HashtagCount> counts, Map<String, Long> last) {
        for (ConsumerRecord<String, HashtagCount> record : counts.poll(Duration.ofMillis(200))) {
            last.put(record.key() + "@" + record.value().windowStart(), record.value().count());
        }
    }
}
