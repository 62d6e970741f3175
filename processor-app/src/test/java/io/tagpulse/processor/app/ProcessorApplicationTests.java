package io.tagpulse.processor.app;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.Watermark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.context.annotation.Import;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tagpulse.processor.watermark-interval=1ms")
@Import({ TestChannelBinderConfiguration.class, ProcessorTestBinder.class })
class ProcessorApplicationTests {

    @Autowired
    private ProcessorTestBinder binder;

    @Autowired
    private ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> outputHandlerCustomizer;

    private static String post(String id, String text) {
        return """
                {"id":"%s","platform":"test","language":"en","text":"%s","createdAt":"2026-01-01T00:00:00.500Z"}"""
            .formatted(id, text);
    }

    @BeforeEach
    void drain() {
        binder.clear();
    }

    @Test
    void shouldSplitPostIntoOneMessagePerTagKeyedByNormalizedTag() {
        binder.send(post("p1", "#Java meets #Kafka and #JAVA"));

        HashtagMention first = binder.receive();
        HashtagMention second = binder.receive();
        assertThat(binder.nextMention(200)).isNull();
        assertThat(first.tag()).isEqualTo("java");
        assertThat(first.display()).isEqualTo("Java");
        assertThat(first.eventTime()).isEqualTo("2026-01-01T00:00:00.500Z");
        assertThat(first.postId()).isEqualTo("p1");
        assertThat(second.tag()).isEqualTo("kafka");
    }

    @Test
    void shouldFollowTheMentionsWithAWatermarkOfTheNewestEventTimeRead() {
        binder.send(post("p5", "#first"));
        assertThat(binder.receive().tag()).isEqualTo("first");
        assertThat(binder.nextMention(300)).as("only a watermark follows").isNull();

        // The test binder has one partition: the watermark speaks for partition 0 of 1.
        assertThat(binder.watermarks()).last().isEqualTo(new Watermark(1,
                Map.of(0, Instant.parse("2026-01-01T00:00:00.500Z").toEpochMilli()), Set.of()));
    }

    @Test
    void shouldEmitNothingForPostWithoutHashtags() {
        binder.send(post("p2", "plain text"));
        binder.send(post("p3", "#after"));

        assertThat(binder.receive().postId()).isEqualTo("p3");
        assertThat(binder.nextMention(200)).isNull();
    }

    @Test
    void shouldRejectUnreadablePostAndKeepProcessing() {
        double invalid = binder.posts("invalid");

        binder.send("not json at all");
        binder.send(post("p4", "#still"));

        assertThat(binder.receive().tag()).isEqualTo("still");
        assertThat(binder.posts("invalid")).isEqualTo(invalid + 1);
    }

    @Test
    void shouldSwitchOffPerMessageLoggingOfTheKafkaOutputHandler() {
        KafkaProducerMessageHandler<byte[], byte[]> handler =
                new KafkaProducerMessageHandler<>(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())));
        assertThat(handler.isLoggingEnabled()).isTrue();

        outputHandlerCustomizer.configure(handler, ProcessorTestBinder.OUT);

        assertThat(handler.isLoggingEnabled()).isFalse();
    }
}
