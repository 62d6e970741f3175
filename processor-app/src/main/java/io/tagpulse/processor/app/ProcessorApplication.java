package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.RejectedRecords;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.processor.HashtagSplitter;
import io.tagpulse.processor.WatermarkTracker;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** The processor app: {@code input} posts, {@code output} one hashtag mention per message, keyed by tag. */
@SpringBootApplication
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorApplication {

    /** Metric counting posts read ({@code outcome=split|no_hashtags|invalid}). */
    static final String POSTS_METRIC = "tagpulse.processor.posts";

    /** Header that sends one output message to another topic than the output binding's. */
    static final String SEND_TO = "spring.cloud.stream.sendto.destination";

    private static final byte[] NO_BYTES = new byte[0];

    /** Metric counting mentions emitted. */
    static final String MENTIONS_METRIC = "tagpulse.processor.mentions";

    public static void main(String[] args) {
        SpringApplication.run(ProcessorApplication.class, args);
    }

    /**
     * Stops the output's Kafka handler from building a debug line for every mention it sends. Spring Integration
     * guards that line with the handler's logging flag, not the log level, and commons-logging's SLF4J bridge turns
     * it into a string before the level is checked: a fifth of the processor's time went to lines nobody reads. Our
     * own logging still follows the log level.
     */
    @Bean
    ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> quietOutputHandler() {
        return (handler, destination) -> handler.setLoggingEnabled(false);
    }

    @Bean
    HashtagSplitter hashtagSplitter(ProcessorProperties properties) {
        return new HashtagSplitter(new HashtagExtractor(), properties.maxTagLength(),
                properties.maxHashtagsPerPost(), properties.maxClockSkew());
    }

    /** The watermarks after each poll's mentions; a rebalance listener, so it follows the partition assignment. */
    @Bean
    WatermarkEmitter watermarkEmitter(ProcessorProperties properties, BindingServiceProperties bindings) {
        return new WatermarkEmitter(bindings.getBindingDestination("output"), properties);
    }

    /**
     * One message per hashtag. Keying by the normalized tag sends every mention of a tag to the same partition,
     * which is what lets the counter count without repartitioning. A post without hashtags yields nothing; an
     * unreadable one yields a dead letter with the reason.
     * <p>
     * The binding reads in batch mode: all the records of a poll come in one call, and everything it returns (the
     * mentions and the dead letters) is sent in the Kafka transaction that also commits the poll's offsets, one
     * transaction per poll rather than per record. A single record (the test binder) is a batch of one.
     * <p>
     * Each mention keeps its post's arrival time (the Kafka timestamp of the post's record) as its own Kafka
     * timestamp, and after the mentions come the poll's {@link io.tagpulse.contracts.Watermark}s, if one is due.
     */
    @Bean
    Function<Message<?>, List<Message<?>>> splitHashtags(HashtagSplitter splitter, MeterRegistry registry,
            ProcessorProperties properties, WatermarkEmitter watermarks) {
        Counter split = registry.counter(POSTS_METRIC, "outcome", "split");
        Counter noHashtags = registry.counter(POSTS_METRIC, "outcome", "no_hashtags");
        Counter invalid = registry.counter(POSTS_METRIC, "outcome", "invalid");
        Counter mentionsOut = registry.counter(MENTIONS_METRIC);
        return batch -> {
            List<Message<?>> out = new ArrayList<>();
            List<?> values = batch.getPayload() instanceof List<?> list ? list : List.of(batch.getPayload());
            WatermarkTracker tracker = watermarks.tracker();
            long now = System.currentTimeMillis();
            tracker.beginPoll(now);
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                Post post;
                try {
                    post = TagpulseJson.readPost(bytesOf(value));
                }
                catch (InvalidRecordException ex) {
                    invalid.increment();
                    out.add(deadLetter(value, batch, i, values.size(), ex, properties.deadLetterTopic()));
                    continue;
                }
                long arrival = arrivalOf(batch, i, values.size());
                Instant eventTime = splitter.eventTime(post, arrival);
                // Every post read moves its partition's mark, with hashtags or without.
                tracker.read(partitionOf(batch, i, values.size()), eventTime.toEpochMilli(), now);
                List<HashtagMention> mentions = splitter.split(post, eventTime);
                if (mentions.isEmpty()) {
                    noHashtags.increment();
                    continue;
                }
                split.increment();
                mentionsOut.increment(mentions.size());
                mentions.forEach(mention -> out.add(toMessage(mention, arrival)));
            }
            out.addAll(watermarks.due(now));
            // null, not an empty list: an empty list would be sent on as one "[]" message.
            return out.isEmpty() ? null : out;
        };
    }

    /**
     * @return a record's value as bytes; a tombstone (a null value, which the Kafka binder hands over as
     *     {@link KafkaNull}) as no bytes, which the reader rejects as an empty record
     */
    private static byte[] bytesOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value == null || value instanceof KafkaNull) {
            return NO_BYTES;
        }
        throw new IllegalArgumentException("expected records of bytes but got " + value.getClass().getName());
    }

    /** @return the Kafka timestamp of record {@code index}: when its post reached Tagpulse; -1 if unknown */
    private static long arrivalOf(Message<?> batch, int index, int size) {
        return header(batch, KafkaHeaders.RECEIVED_TIMESTAMP, index, size) instanceof Long timestamp ? timestamp : -1;
    }

    /** @return the input partition of record {@code index}; 0 without one (a binder without Kafka, in tests) */
    private static int partitionOf(Message<?> batch, int index, int size) {
        return header(batch, KafkaHeaders.RECEIVED_PARTITION, index, size) instanceof Integer partition ? partition : 0;
    }

    /** @return record {@code index}'s value of a header: a list of one value per record in a batch, else the value */
    private static Object header(Message<?> batch, String name, int index, int size) {
        Object value = batch.getHeaders().get(name);
        if (value instanceof List<?> list) {
            return list.size() == size ? list.get(index) : null;
        }
        return size == 1 ? value : null;
    }

    /**
     * The unreadable record as it came, with its key, the reason and its origin, bound for the dead-letter topic. It
     * is sent like the mentions, inside the transaction that commits the input offset: exactly one dead letter per
     * bad record, even across a crash.
     */
    private static Message<?> deadLetter(Object value, Message<?> batch, int index, int size,
            InvalidRecordException ex, String topic) {
        Object originalTopic = header(batch, KafkaHeaders.RECEIVED_TOPIC, index, size);
        Object offset = header(batch, KafkaHeaders.OFFSET, index, size);
        // A tombstone stays one: Kafka's handler sends a KafkaNull payload as a null value.
        MessageBuilder<?> builder = MessageBuilder.withPayload(value == null ? KafkaNull.INSTANCE : value)
            .setHeader(SEND_TO, topic)
            .copyHeaders(RejectedRecords.headers(ex.getMessage(), ex,
                    originalTopic == null ? null : originalTopic.toString(),
                    header(batch, KafkaHeaders.RECEIVED_PARTITION, index, size) instanceof Integer partition
                            ? partition : -1, offset instanceof Long known ? known : -1));
        Object key = header(batch, KafkaHeaders.RECEIVED_KEY, index, size);
        if (key != null) {
            builder.setHeader(KafkaHeaders.KEY, key);
        }
        return builder.build();
    }

    private static Message<byte[]> toMessage(HashtagMention mention, long arrival) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(TagpulseJson.write(mention))
            .setHeader(KafkaHeaders.KEY, mention.tag().getBytes(StandardCharsets.UTF_8));
        if (arrival >= 0) {
            builder.setHeader(KafkaHeaders.TIMESTAMP, arrival);
        }
        return builder.build();
    }
}
