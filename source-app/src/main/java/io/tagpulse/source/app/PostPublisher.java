package io.tagpulse.source.app;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.source.PostSink;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.integration.kafka.support.KafkaSendFailureException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes posts to the {@code output} binding, keyed by post id, and tells when Kafka has acknowledged each one.
 * <p>
 * Sends are asynchronous so that a batch travels in few round trips. Each message carries a correlation header
 * (not written to Kafka); the Kafka binder reports every acknowledged record on the record-metadata channel and
 * every failed one on the error channel, and this class completes the matching future.
 */
public class PostPublisher implements PostSink {

    /** Binding the posts go out on: the one Data Flow configures. */
    static final String BINDING = "output";

    /** Correlation header between a send and its acknowledgement; excluded from the Kafka record. */
    static final String SEND_ID = "tagpulse_send_id";

    /** Metric counting posts by outcome ({@code acknowledged|failed}). */
    static final String POSTS_METRIC = "tagpulse.source.posts";

    private final StreamBridge streamBridge;

    private final long ackTimeoutMillis;

    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    private final Counter acknowledged;

    private final Counter failed;

    public PostPublisher(StreamBridge streamBridge, long ackTimeoutMillis, MeterRegistry registry) {
        this.streamBridge = streamBridge;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.acknowledged = registry.counter(POSTS_METRIC, "outcome", "acknowledged");
        this.failed = registry.counter(POSTS_METRIC, "outcome", "failed");
        registry.gaugeMapSize("tagpulse.source.pending", java.util.List.of(), pending);
    }

    /** @return a future completed when Kafka has acknowledged the post, or failed when it has not in time */
    @Override
    public CompletableFuture<Void> publish(Post post) {
        String sendId = UUID.randomUUID().toString();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        pending.put(sendId, ack);
        ack.orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((ignored, error) -> {
            pending.remove(sendId);
            (error == null ? acknowledged : failed).increment();
        });
        Message<byte[]> message = MessageBuilder.withPayload(TagpulseJson.write(post))
            .setHeader(KafkaHeaders.KEY, post.id().getBytes(StandardCharsets.UTF_8))
            .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
            .setHeader(SEND_ID, sendId)
            .build();
        try {
            if (!streamBridge.send(BINDING, message)) {
                ack.completeExceptionally(new IllegalStateException("the output binding refused the post"));
            }
        }
        catch (RuntimeException ex) {
            ack.completeExceptionally(ex);
        }
        return ack;
    }

    /** @return how many posts wait for an acknowledgement */
    public int pendingCount() {
        return pending.size();
    }

    /** Handles a message from the binder's record-metadata channel. */
    void onAcknowledged(Message<?> sent) {
        CompletableFuture<Void> ack = pendingFor(sent);
        if (ack != null) {
            ack.complete(null);
        }
    }

    /** Handles a message from the error channel; send failures of other components are left alone. */
    void onError(Message<?> message) {
        if (message instanceof ErrorMessage error && error.getPayload() instanceof KafkaSendFailureException failure) {
            CompletableFuture<Void> ack = pendingFor(failure.getFailedMessage());
            if (ack != null) {
                ack.completeExceptionally(failure.getCause() != null ? failure.getCause() : failure);
            }
        }
    }

    private CompletableFuture<Void> pendingFor(Message<?> message) {
        Object sendId = message == null ? null : message.getHeaders().get(SEND_ID);
        return sendId == null ? null : pending.get(sendId.toString());
    }
}
