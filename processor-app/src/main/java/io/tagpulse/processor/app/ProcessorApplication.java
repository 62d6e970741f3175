package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.processor.HashtagSplitter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/** The processor app: {@code input} posts, {@code output} one hashtag mention per message, keyed by tag. */
@SpringBootApplication
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorApplication {

    /** Metric counting posts read ({@code outcome=split|no_hashtags|invalid}). */
    static final String POSTS_METRIC = "tagpulse.processor.posts";

    /** Header that sends one output message to another topic than the output binding's. */
    static final String SEND_TO = "spring.cloud.stream.sendto.destination";

    /** Metric counting mentions emitted. */
    static final String MENTIONS_METRIC = "tagpulse.processor.mentions";

    public static void main(String[] args) {
        SpringApplication.run(ProcessorApplication.class, args);
    }

    @Bean
    HashtagSplitter hashtagSplitter(ProcessorProperties properties) {
        return new HashtagSplitter(new HashtagExtractor(), properties.getMaxTagLength(),
                properties.getMaxHashtagsPerPost());
    }

    /**
     * One message per hashtag. Keying by the normalized tag sends every mention of a tag to the same partition,
     * which is what lets the counter count without repartitioning. A post without hashtags yields nothing; an
     * unreadable one is thrown back to the binder, which dead-letters it with the reason.
     */
    @Bean
    Function<Message<byte[]>, List<Message<byte[]>>> splitHashtags(HashtagSplitter splitter, MeterRegistry registry,
            ProcessorProperties properties) {
        Counter split = registry.counter(POSTS_METRIC, "outcome", "split");
        Counter noHashtags = registry.counter(POSTS_METRIC, "outcome", "no_hashtags");
        Counter invalid = registry.counter(POSTS_METRIC, "outcome", "invalid");
        Counter mentionsOut = registry.counter(MENTIONS_METRIC);
        return message -> {
            Post post;
            try {
                post = TagpulseJson.readPost(message.getPayload());
            }
            catch (InvalidRecordException ex) {
                invalid.increment();
                return List.of(deadLetter(message, ex, properties.getDeadLetterTopic()));
            }
            List<HashtagMention> mentions = splitter.split(post);
            if (mentions.isEmpty()) {
                // null, not an empty list: an empty list would be sent on as one "[]" message.
                noHashtags.increment();
                return null;
            }
            split.increment();
            mentionsOut.increment(mentions.size());
            return mentions.stream().map(ProcessorApplication::toMessage).toList();
        };
    }

    /**
     * The unreadable record as it came, with its key and the reason, bound for the dead-letter topic. It is sent like
     * the mentions, inside the transaction that commits the input offset: exactly one dead letter per bad record,
     * even across a crash. Header values are raw UTF-8, as the other apps write them.
     */
    private static Message<byte[]> deadLetter(Message<byte[]> message, InvalidRecordException ex, String topic) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(message.getPayload())
            .setHeader(SEND_TO, topic)
            .setHeader(DeadLetterHeaders.REASON, utf8(ex.getMessage()))
            .setHeader("x-exception-fqcn", utf8(ex.getClass().getName()));
        Object originalTopic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
        if (originalTopic != null) {
            builder.setHeader(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(originalTopic.toString()));
        }
        Object key = message.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
        if (key != null) {
            builder.setHeader(KafkaHeaders.KEY, key);
        }
        return builder.build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Message<byte[]> toMessage(HashtagMention mention) {
        return MessageBuilder.withPayload(TagpulseJson.write(mention))
            .setHeader(KafkaHeaders.KEY, mention.tag().getBytes(StandardCharsets.UTF_8))
            .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
            .build();
    }
}
