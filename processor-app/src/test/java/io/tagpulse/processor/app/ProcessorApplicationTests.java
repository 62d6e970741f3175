package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.context.annotation.Import;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tagpulse.processor.watermark-interval=1ms")
@Import(TestChannelBinderConfiguration.class)
class ProcessorApplicationTests {

    private static final String IN = "tagpulse.filtered-posts";

    private static final String OUT = "tagpulse.hashtags";

    @Autowired
    private InputDestination input;

    @Autowired
    private OutputDestination output;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> outputHandlerCustomizer;

    private void send(String json) {
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build(), IN);
    }

    private static String post(String id, String text) {
        return """
                {"id":"%s","platform":"test","language":"en","text":"%s","createdAt":"2026-01-01T00:00:00.500Z"}"""
            .formatted(id, text);
    }

    private final List<Watermark> watermarks = new ArrayList<>();

    /** @return the next mention on the output, taking the watermarks between mentions aside; null if none comes */
    private Message<byte[]> nextMention(long timeoutMillis) {
        Message<byte[]> message;
        while ((message = output.receive(timeoutMillis, OUT)) != null
                && message.getHeaders().containsKey(Watermark.HEADER)) {
            assertThat(message.getHeaders().get(KafkaHeaders.KEY)).isNull();
            watermarks.add(TagpulseJson.readWatermark(message.getPayload()));
        }
        return message;
    }

    private HashtagMention receive() {
        Message<byte[]> message = nextMention(5000);
        assertThat(message).as("a mention on " + OUT).isNotNull();
        HashtagMention mention = TagpulseJson.readMention(message.getPayload());
        assertThat(message.getHeaders().get(KafkaHeaders.KEY))
            .isEqualTo(mention.tag().getBytes(StandardCharsets.UTF_8));
        return mention;
    }

    @Test
    void shouldSplitPostIntoOneMessagePerTagKeyedByNormalizedTag() {
        send(post("p1", "#Java meets #Kafka and #JAVA"));

        HashtagMention first = receive();
        HashtagMention second = receive();
        assertThat(nextMention(200)).isNull();
        assertThat(first.tag()).isEqualTo("java");
        assertThat(first.display()).isEqualTo("Java");
        assertThat(first.eventTime()).isEqualTo("2026-01-01T00:00:00.500Z");
        assertThat(first.postId()).isEqualTo("p1");
        assertThat(second.tag()).isEqualTo("kafka");
    }

    @Test
    void shouldFollowTheMentionsWithAWatermarkOfTheNewestEventTimeRead() {
        send(post("p5", "#first"));
        assertThat(receive().tag()).isEqualTo("first");
        assertThat(nextMention(300)).as("only a watermark follows").isNull();

        // The test binder has one partition: the watermark speaks for partition 0 of 1.
        assertThat(watermarks).last().isEqualTo(new Watermark(1,
                Map.of(0, Instant.parse("2026-01-01T00:00:00.500Z").toEpochMilli()), Set.of()));
    }

    @Test
    void shouldEmitNothingForPostWithoutHashtags() {
        send(post("p2", "plain text"));
        send(post("p3", "#after"));

        assertThat(receive().postId()).isEqualTo("p3");
        assertThat(nextMention(200)).isNull();
    }

    @Test
    void shouldRejectUnreadablePostAndKeepProcessing() {
        double invalid = registry.counter(ProcessorApplication.POSTS_METRIC, "outcome", "invalid").count();

        send("not json at all");
        send(post("p4", "#still"));

        assertThat(receive().tag()).isEqualTo("still");
        assertThat(registry.counter(ProcessorApplication.POSTS_METRIC, "outcome", "invalid").count())
            .isEqualTo(invalid + 1);
    }

    @Test
    void shouldSwitchOffPerMessageLoggingOfTheKafkaOutputHandler() {
        KafkaProducerMessageHandler<byte[], byte[]> handler =
                new KafkaProducerMessageHandler<>(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())));
        assertThat(handler.isLoggingEnabled()).isTrue();

        outputHandlerCustomizer.configure(handler, OUT);

        assertThat(handler.isLoggingEnabled()).isFalse();
    }
}
