package io.tagpulse.filter.app;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagExtractor;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.filter.FilterOutcome;
import io.tagpulse.filter.PostFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/** The filter app: {@code input} posts, {@code output} the posts worth counting, unchanged. */
@SpringBootApplication
@EnableConfigurationProperties(FilterProperties.class)
public class FilterApplication {

    /** Metric counting posts by outcome, tagged {@code outcome=accepted|language|…|invalid}. */
    static final String POSTS_METRIC = "tagpulse.filter.posts";

    public static void main(String[] args) {
        SpringApplication.run(FilterApplication.class, args);
    }

    @Bean
    PostFilter postFilter(FilterProperties properties) {
        String expression = properties.getExpression();
        if (expression == null || expression.isBlank()) {
            return new PostFilter(properties.toRules(), new HashtagExtractor());
        }
        return new PostFilter(properties.toRules(), new HashtagExtractor(), PostExpression.parse(expression));
    }

    /**
     * Reads each post, keeps it or drops it. Kept posts are forwarded byte for byte (fields this version does not
     * know survive) and keyed by post id. An unreadable post is thrown back to the binder, which sends it to the
     * dead-letter topic with the reason in {@code x-exception-message}; so is a post the expression rule fails on.
     */
    @Bean
    Function<Message<byte[]>, Message<byte[]>> filterPosts(PostFilter filter, MeterRegistry registry) {
        Map<FilterOutcome, Counter> outcomes = new EnumMap<>(FilterOutcome.class);
        for (FilterOutcome outcome : FilterOutcome.values()) {
            outcomes.put(outcome, registry.counter(POSTS_METRIC, "outcome", outcome.metricName()));
        }
        Counter invalid = registry.counter(POSTS_METRIC, "outcome", "invalid");
        Counter expressionFailed = registry.counter(POSTS_METRIC, "outcome", "expression_failed");
        return message -> {
            Post post;
            try {
                post = TagpulseJson.readPost(message.getPayload());
            }
            catch (InvalidRecordException ex) {
                invalid.increment();
                throw ex;
            }
            FilterOutcome outcome;
            try {
                outcome = filter.evaluate(post);
            }
            catch (IllegalArgumentException ex) {
                expressionFailed.increment();
                throw ex;
            }
            outcomes.get(outcome).increment();
            if (outcome != FilterOutcome.ACCEPTED) {
                return null;
            }
            return MessageBuilder.withPayload(message.getPayload())
                .setHeader(KafkaHeaders.KEY, post.id().getBytes(StandardCharsets.UTF_8))
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
        };
    }
}
