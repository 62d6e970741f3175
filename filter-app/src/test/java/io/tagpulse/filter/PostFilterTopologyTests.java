package io.tagpulse.filter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.Post;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostFilterTopologyTests {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static final FilterRules OPEN = new FilterRules(Set.of(), true, true, true, 10, Set.of());

    private final RecordingListener listener = new RecordingListener();

    private TopologyTestDriver driver;

    private TestInputTopic<String, byte[]> posts;

    private TestInputTopic<String, String> rules;

    private TestOutputTopic<String, byte[]> kept;

    private TestOutputTopic<String, byte[]> deadLetters;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(FilterRules configured, Predicate<Post> custom) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, PostRecord> input = builder.stream("posts", Consumed.with(Serdes.String(),
                new PostRecordSerde()));
        GlobalKTable<String, String> table = builder.globalTable("rules", Consumed.with(Serdes.String(),
                Serdes.String()));
        PostFilterTopology.build(input, table, new PostFilter(configured, new HashtagExtractor(), custom),
                Duration.ofMinutes(10), "dead-letters", listener).to("kept", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "filter-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        driver = new TopologyTestDriver(builder.build(), config);
        posts = driver.createInputTopic("posts", new StringSerializer(), new ByteArraySerializer());
        rules = driver.createInputTopic("rules", new StringSerializer(), new StringSerializer());
        kept = driver.createOutputTopic("kept", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String json(String id, String language, String text) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"%s\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\",\"extra\":[1]}"
            .formatted(id, language, text);
    }

    private void send(String id, String text, Instant at) {
        posts.pipeInput(new TestRecord<>(id, json(id, "en", text).getBytes(StandardCharsets.UTF_8), at));
    }

    private List<String> keptIds() {
        return kept.readRecordsToList().stream().map(TestRecord::key).toList();
    }

    @Test
    void shouldForwardKeptPostsByteForByteKeyedById() {
        start(OPEN, post -> true);

        posts.pipeInput(new TestRecord<>(null, json("p1", "en", "#kafka").getBytes(StandardCharsets.UTF_8), T0));

        TestRecord<String, byte[]> out = kept.readRecord();
        assertThat(out.key()).isEqualTo("p1");
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo(json("p1", "en", "#kafka"));
        assertThat(listener.events()).containsExactly("accepted");
    }

    @Test
    void shouldDropARedeliveredPostWithinTheWindowOnly() {
        start(OPEN, post -> true);

        send("p1", "#a", T0);
        send("p2", "#a", T0.plusSeconds(1));
        send("p1", "#a", T0.plusSeconds(2));
        send("p1", "#a", T0.plus(Duration.ofMinutes(9)));
        send("p1", "#a", T0.plus(Duration.ofMinutes(30)));

        assertThat(keptIds()).containsExactly("p1", "p2", "p1");
        assertThat(listener.events()).filteredOn("duplicate"::equals).hasSize(2);
    }

    @Test
    void shouldApplyRulesFromTheRulesTopicAndFallBackWhenTheyAreRemoved() {
        start(new FilterRules(Set.of(), true, true, true, 10, Set.of("configured")), post -> true);

        send("p1", "#configured", T0);
        rules.pipeInput(DynamicRules.BLOCKED_TAGS, "#Spam, ads");
        send("p2", "#configured", T0.plusSeconds(1));
        send("p3", "buy #SPAM", T0.plusSeconds(2));
        rules.pipeInput(DynamicRules.TRACKED_TAGS, "java kafka");
        send("p4", "#python", T0.plusSeconds(3));
        send("p5", "#Java", T0.plusSeconds(4));
        rules.pipeInput(DynamicRules.BLOCKED_TAGS, (String) null);
        rules.pipeInput(DynamicRules.TRACKED_TAGS, "");
        send("p6", "#configured", T0.plusSeconds(5));
        send("p7", "#python", T0.plusSeconds(6));

        assertThat(keptIds()).containsExactly("p2", "p5", "p7");
        assertThat(listener.events()).containsExactly("blocked_tag", "accepted", "blocked_tag", "not_tracked", "accepted",
                "blocked_tag", "accepted");
    }

    @Test
    void shouldTakeLanguagesFromTheRulesTopic() {
        start(OPEN, post -> true);
        rules.pipeInput(DynamicRules.LANGUAGES, "pt,ja");

        posts.pipeInput(new TestRecord<>("p1", json("p1", "pt-BR", "#a").getBytes(StandardCharsets.UTF_8), T0));
        posts.pipeInput(new TestRecord<>("p2", json("p2", "en", "#a").getBytes(StandardCharsets.UTF_8), T0));

        assertThat(keptIds()).containsExactly("p1");
    }

    @Test
    void shouldSendPostsTheExpressionFailsOnToTheDeadLetterTopicWithTheReason() {
        start(OPEN, post -> {
            if (post.id().equals("bad")) {
                throw new IllegalArgumentException("tagpulse.filter.expression 'x' failed on post bad");
            }
            return true;
        });

        send("bad", "#a", T0);
        send("good", "#a", T0.plusSeconds(1));

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(json("bad", "en", "#a"));
        assertThat(header(dead, DeadLetterHeaders.REASON)).contains("failed on post bad");
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("posts");
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).getLong())
            .as("the bad post is the first record of the input").isZero();
        assertThat(keptIds()).containsExactly("good");
    }

    @Test
    void shouldSkipUnreadablePostsMarkingThemForTheDeadLetterTopic() {
        start(OPEN, post -> true);

        posts.pipeInput(new TestRecord<>("x", "{broken".getBytes(StandardCharsets.UTF_8), T0));
        send("p1", "#a", T0);

        assertThat(keptIds()).containsExactly("p1");
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
