package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor on the test binder, for its tests to {@code @Import} and autowire: posts in, mentions out with the
 * watermarks between them set aside, and the posts metric.
 */
class ProcessorTestBinder {

    static final String IN = "tagpulse.filtered-posts";

    static final String OUT = "tagpulse.hashtags";

    private final InputDestination input;

    private final OutputDestination output;

    private final MeterRegistry registry;

    private final List<Watermark> watermarks = new ArrayList<>();

    ProcessorTestBinder(InputDestination input, OutputDestination output, MeterRegistry registry) {
        this.input = input;
        this.output = output;
        this.registry = registry;
    }

    /** Forgets what an earlier test left on the output. */
    void clear() {
        output.clear();
        watermarks.clear();
    }

    void send(String json) {
        send(json.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] payload) {
        input.send(MessageBuilder.withPayload(payload).build(), IN);
    }

    /** @return the next mention on the output, taking the watermarks between mentions aside; null if none comes */
    Message<byte[]> nextMention(long timeoutMillis) {
        Message<byte[]> message;
        while ((message = output.receive(timeoutMillis, OUT)) != null
                && message.getHeaders().containsKey(Watermark.HEADER)) {
            assertThat(message.getHeaders().get(KafkaHeaders.KEY)).isNull();
            watermarks.add(TagpulseJson.readWatermark(message.getPayload()));
        }
        return message;
    }

    /** @return the next mention, which must come within 5 s, keyed by its tag */
    HashtagMention receive() {
        Message<byte[]> message = nextMention(5000);
        assertThat(message).as("a mention on " + OUT).isNotNull();
        HashtagMention mention = TagpulseJson.readMention(message.getPayload());
        assertThat(message.getHeaders().get(KafkaHeaders.KEY))
            .isEqualTo(mention.tag().getBytes(StandardCharsets.UTF_8));
        return mention;
    }

    /** @return every mention until the output has been quiet for 300 ms */
    List<HashtagMention> receiveAll() {
        List<HashtagMention> mentions = new ArrayList<>();
        Message<byte[]> message;
        while ((message = nextMention(300)) != null) {
            mentions.add(TagpulseJson.readMention(message.getPayload()));
        }
        return mentions;
    }

    /** @return the watermarks seen between mentions so far */
    List<Watermark> watermarks() {
        return watermarks;
    }

    /** @return the posts counted under {@code outcome} (split, no_hashtags, invalid) */
    double posts(String outcome) {
        return registry.counter(ProcessorApplication.POSTS_METRIC, "outcome", outcome).count();
    }
}
