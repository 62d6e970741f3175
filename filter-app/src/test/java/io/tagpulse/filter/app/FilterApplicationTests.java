package io.tagpulse.filter.app;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "tagpulse.filter.languages=en", "tagpulse.filter.blocked-tags=spam" })
@Import(TestChannelBinderConfiguration.class)
class FilterApplicationTests {

    private static final String IN = "tagpulse.posts";

    private static final String OUT = "tagpulse.filtered-posts";

    @Autowired
    private InputDestination input;

    @Autowired
    private OutputDestination output;

    @Autowired
    private MeterRegistry registry;

    private void send(String json) {
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build(), IN);
    }

    private static String post(String id, String language, String text) {
        return """
                {"id":"%s","platform":"test","language":"%s","text":"%s","createdAt":"2026-01-01T00:00:00Z","extra":1}"""
            .formatted(id, language, text);
    }

    private double count(String outcome) {
        return registry.counter(FilterApplication.POSTS_METRIC, "outcome", outcome).count();
    }

    @Test
    void shouldForwardAcceptedPostUnchangedKeyedById() {
        send(post("p1", "en", "hello #kafka"));

        Message<byte[]> out = output.receive(5000, OUT);
        assertThat(out).isNotNull();
        assertThat(new String(out.getPayload(), StandardCharsets.UTF_8)).isEqualTo(post("p1", "en", "hello #kafka"));
        assertThat(out.getHeaders().get(KafkaHeaders.KEY)).isEqualTo("p1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDropFilteredPostsAndCountEachOutcome() {
        double language = count("language");
        double blocked = count("blocked_tag");
        double noTags = count("no_hashtags");

        send(post("p2", "fr", "bonjour #kafka"));
        send(post("p3", "en", "buy #spam"));
        send(post("p4", "en", "no tags"));
        send(post("p5", "en", "#kept"));

        Message<byte[]> out = output.receive(5000, OUT);
        assertThat(new String(out.getPayload(), StandardCharsets.UTF_8)).contains("\"id\":\"p5\"");
        assertThat(output.receive(200, OUT)).isNull();
        assertThat(count("language")).isEqualTo(language + 1);
        assertThat(count("blocked_tag")).isEqualTo(blocked + 1);
        assertThat(count("no_hashtags")).isEqualTo(noTags + 1);
    }

    @Test
    void shouldRejectUnreadablePostAndKeepProcessing() {
        double invalid = count("invalid");

        send("{\"id\":\"broken\"");
        send("{\"id\":\"p6\",\"platform\":\"test\",\"text\":\"#a\"}");
        send(post("p7", "en", "#after"));

        Message<byte[]> out = output.receive(5000, OUT);
        assertThat(new String(out.getPayload(), StandardCharsets.UTF_8)).contains("\"id\":\"p7\"");
        assertThat(output.receive(200, OUT)).isNull();
        assertThat(count("invalid")).isEqualTo(invalid + 2);
    }
}
