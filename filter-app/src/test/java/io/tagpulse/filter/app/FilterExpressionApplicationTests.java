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
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tagpulse.filter.expression=author.startsWith('bot') == false")
@Import(TestChannelBinderConfiguration.class)
class FilterExpressionApplicationTests {

    @Autowired
    private InputDestination input;

    @Autowired
    private OutputDestination output;

    @Autowired
    private MeterRegistry registry;

    private void send(String author) {
        String json = author == null
                ? "{\"id\":\"anon\",\"platform\":\"t\",\"text\":\"#a\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"
                : "{\"id\":\"%s\",\"platform\":\"t\",\"author\":\"%s\",\"text\":\"#a\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"
                    .formatted(author, author);
        input.send(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build(), "tagpulse.posts");
    }

    private double count(String outcome) {
        return registry.counter(FilterApplication.POSTS_METRIC, "outcome", outcome).count();
    }

    @Test
    void shouldDropPostsTheExpressionRejectsAndRejectPostsItFailsOn() {
        send("bot42");
        send(null);
        send("human");

        Message<byte[]> out = output.receive(5000, "tagpulse.filtered-posts");
        assertThat(new String(out.getPayload(), StandardCharsets.UTF_8)).contains("\"id\":\"human\"");
        assertThat(output.receive(200, "tagpulse.filtered-posts")).isNull();
        assertThat(count("expression")).isEqualTo(1);
        assertThat(count("expression_failed")).isEqualTo(1);
    }
}
