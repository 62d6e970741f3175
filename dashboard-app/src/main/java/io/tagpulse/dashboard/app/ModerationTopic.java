package io.tagpulse.dashboard.app;

import java.nio.charset.StandardCharsets;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes moderators' decisions to the moderation topic (binding {@value #BINDING}, by default
 * {@code <stream>.trend-moderation}), keyed by {@link ModerationDecision#key()}: the counter reads it as a table of
 * what may trend, the sink records every decision. The write is synchronous, so an accepted decision is on the topic.
 */
class ModerationTopic {

    /** The output binding of the decisions. */
    static final String BINDING = "moderation";

    private final StreamBridge bridge;

    ModerationTopic(StreamBridge bridge) {
        this.bridge = bridge;
    }

    /** Thrown when a decision could not be written: the broker is not reachable now. */
    static class UnavailableException extends RuntimeException {

        UnavailableException(Throwable cause) {
            super("the moderation topic cannot be written now, the decision was not recorded: try again later", cause);
        }
    }

    /**
     * @param decision a valid decision
     * @throws UnavailableException if it could not be written
     */
    void publish(ModerationDecision decision) {
        Message<byte[]> message = MessageBuilder.withPayload(TagpulseJson.write(decision))
            .setHeader(KafkaHeaders.KEY, decision.key().getBytes(StandardCharsets.UTF_8))
            .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
            .build();
        boolean sent;
        try {
            sent = bridge.send(BINDING, message);
        }
        catch (RuntimeException ex) {
            throw new UnavailableException(ex);
        }
        if (!sent) {
            throw new UnavailableException(null);
        }
    }
}
