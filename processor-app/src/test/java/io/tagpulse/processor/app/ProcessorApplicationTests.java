package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
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

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
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

    private HashtagMention receive() {
        Message<byte[]> message = output.receive(5000, OUT);
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
        assertThat(output.receive(200, OUT)).isNull();
        assertThat(first.tag()).isEqualTo("java");
        assertThat(first.display()).isEqualTo("Java");
        assertThat(first.eventTime()).isEqualTo("2026-01-01T00:00:00.500Z");
        assertThat(first.postId()).isEqualTo("p1");
        assertThat(second.tag()).isEqualTo("kafka");
    }

    @Test
    void shouldEmitNothingForPostWithoutHashtags() {
        send(post("p2", "plain text"));
        send(post("p3", "#after"));

        assertThat(receive().postId()).isEqualTo("p3");
        assertThat(output.receive(200, OUT)).isNull();
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
