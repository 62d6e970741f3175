package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard on the Kafka binder against an embedded KRaft broker, configured with the consumer group Data Flow
 * sets on a tap's input (the stream's name, here {@code dashboard}), while another member of that group holds on to
 * its share of the partitions (as another replica would, in a group): the dashboard still pushes the counts of every
 * partition, because its live bindings drop the group and read alone, from the end of the topic. A moderator's
 * decision is written to the (compacted) moderation topic, keyed by its key, before it is answered.
 */
// The moderation topic is not made here: the dashboard's binder creates it (compacted) when it is not there.
@EmbeddedKafka(partitions = 4, topics = { Topics.HASHTAG_COUNTS, Topics.TRENDS })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveBindingsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String GROUP = "dashboard";

    private static final Pattern LIVE_TAG = Pattern.compile("\\{\"tag\":\"([^\"]+)\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedKafkaBroker broker;

    private ConfigurableApplicationContext dashboard;

    private KafkaProducer<String, String> producer;

    private final AtomicBoolean stopping = new AtomicBoolean();

    private final AtomicReference<Set<TopicPartition>> groupMemberPartitions = new AtomicReference<>(Set.of());

    private Thread groupMember;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        dashboard = new SpringApplicationBuilder(DashboardApplication.class, SinkSchemaConfiguration.class).run(
                "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:live-bindings;DB_CLOSE_DELAY=-1",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                // What Data Flow passes to a tap stream's app.
                "--spring.cloud.stream.bindings.input.group=" + GROUP,
                "--spring.cloud.stream.bindings.trends.group=" + GROUP,
                "--tagpulse.dashboard.api.stream-interval=200ms", "--spring.main.banner-mode=off");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
        // Another member of the group, polling all along: in the group, it would own some of the partitions.
        groupMember = new Thread(() -> {
            try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ConsumerConfig.GROUP_ID_CONFIG, GROUP), new StringDeserializer(), new StringDeserializer())) {
                member.subscribe(List.of(Topics.HASHTAG_COUNTS));
                while (!stopping.get()) {
                    member.poll(Duration.ofMillis(200));
                    groupMemberPartitions.set(Set.copyOf(member.assignment()));
                }
            }
        }, "group-member");
        groupMember.start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        stopping.set(true);
        if (groupMember != null) {
            groupMember.join(10_000);
        }
        if (producer != null) {
            producer.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private void send(int partition, String tag) {
        Instant start = Instant.parse("2033-01-01T00:00:00Z");
        producer.send(new ProducerRecord<>(Topics.HASHTAG_COUNTS, partition, tag,
                TagpulseJson.writeString(new HashtagCount(tag, start, start.plusSeconds(1), 1))));
        producer.flush();
    }

    private static Set<String> tags(List<String> lines, String prefix) {
        Set<String> tags = new TreeSet<>();
        for (String line : lines) {
            Matcher tag = LIVE_TAG.matcher(line);
            while (tag.find()) {
                if (tag.group(1).startsWith(prefix)) {
                    tags.add(tag.group(1));
                }
            }
        }
        return tags;
    }

    @Test
    void shouldPushEveryPartitionsCountsWhateverGroupIsConfigured() {
        assertThat(dashboard.getBean(BindingServiceProperties.class).getBindingProperties("input").getGroup())
            .isNull();
        assertThat(dashboard.getBean(BindingServiceProperties.class).getBindingProperties("trends").getGroup())
            .isNull();
        List<String> live = new CopyOnWriteArrayList<>();
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:"
                + dashboard.getEnvironment().getProperty("local.server.port") + "/api/stream"))
            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
            .thenAccept(response -> response.body().forEach(live::add));
        // The group's other member holds all four partitions: in the group, the dashboard would have none.
        await("the other member owns the group's partitions").atMost(WAIT)
            .untilAsserted(() -> assertThat(groupMemberPartitions.get()).hasSize(4));
        // The dashboard starts at the end of the topic once it is assigned: probes go out until one is pushed.
        await("the dashboard follows the topic").atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            send(0, "probe");
            assertThat(tags(live, "probe")).isNotEmpty();
        });

        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            send(i % 4, "tag" + i);
            sent.add("tag" + i);
        }

        await("every partition's counts pushed").atMost(WAIT).untilAsserted(() ->
                assertThat(tags(live, "tag")).isEqualTo(sent));
        assertThat(groupMemberPartitions.get()).as("the other member kept the group's partitions").hasSize(4);
    }

    @Test
    void shouldWriteAnAcceptedDecisionToTheCompactedModerationTopicBeforeAnswering() throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + dashboard.getEnvironment().getProperty("local.server.port") + "/api/moderation/hide"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"tag\":\"#BrokerSpam\",\"reason\":\"flood\"}"))
            .timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "moderation-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            reader.subscribe(List.of(Topics.TREND_MODERATION));
            List<ConsumerRecord<String, String>> read = new CopyOnWriteArrayList<>();
            await("the decision on the topic").atMost(WAIT).untilAsserted(() -> {
                reader.poll(Duration.ofMillis(500)).forEach(read::add);
                assertThat(read).hasSize(1);
            });
            assertThat(read.get(0).key()).isEqualTo("tag:brokerspam");
            assertThat(TagpulseJson.readModeration(read.get(0).value().getBytes(StandardCharsets.UTF_8)))
                .satisfies(decision -> assertThat(decision.subject()).isEqualTo("#BrokerSpam"))
                .satisfies(decision -> assertThat(decision.by()).isEqualTo("local"));
        }
        try (Admin admin = Admin.create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            var topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TREND_MODERATION);
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value())
                .isEqualTo("compact");
        }
    }
}
