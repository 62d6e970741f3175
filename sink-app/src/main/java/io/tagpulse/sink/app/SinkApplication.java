package io.tagpulse.sink.app;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.QueryRules;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;

/** The sink app: {@code input} hashtag counts, stored idempotently, served by the query API and the dashboard. */
@SpringBootApplication
@EnableConfigurationProperties(SinkProperties.class)
public class SinkApplication {

    /** Metric counting the records read, tagged {@code outcome=stored|invalid}. */
    static final String COUNTS_METRIC = "tagpulse.sink.counts";

    /** The binding Data Flow connects to the counts topic. */
    static final String INPUT = "input";

    public static void main(String[] args) {
        SpringApplication.run(SinkApplication.class, args);
    }

    @Bean
    HashtagCountRepository hashtagCountRepository(JdbcTemplate jdbcTemplate, SinkProperties properties) {
        return new HashtagCountRepository(jdbcTemplate, properties.getVelocityWindow());
    }

    @Bean
    QueryRules queryRules(SinkProperties properties) {
        return properties.toQueryRules();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Stores each count, replacing the stored count of its window. An unreadable or unstorable record is thrown back
     * to the binder and dead-lettered; a database failure is retried until the database is back (see
     * {@link StoreErrorHandling}).
     */
    @Bean
    Consumer<Message<byte[]>> storeCounts(HashtagCountRepository repository, MeterRegistry registry) {
        Counter stored = registry.counter(COUNTS_METRIC, "outcome", "stored");
        Counter invalid = registry.counter(COUNTS_METRIC, "outcome", "invalid");
        return message -> {
            HashtagCount count;
            try {
                count = TagpulseJson.readCount(message.getPayload());
                HashtagCountRepository.requireStorable(count);
            }
            catch (InvalidRecordException ex) {
                invalid.increment();
                throw ex;
            }
            repository.upsert(List.of(count));
            stored.increment();
        };
    }

    /**
     * Moves retries and dead-lettering into the listener container. It needs at least two attempts: with one, the
     * binder sends every failure to its own dead-letter handler, database outages included.
     */
    @Bean
    StoreErrorHandling storeErrorHandling(BindingServiceProperties bindings) {
        ConsumerProperties input = bindings.getConsumerProperties(INPUT);
        if (input.getMaxAttempts() < 2) {
            throw new IllegalStateException("spring.cloud.stream.bindings.input.consumer.max-attempts is "
                    + input.getMaxAttempts() + " but must be at least 2, or a database outage would dead-letter "
                    + "records (database failures are retried without limit, other failures max-attempts times)");
        }
        return new StoreErrorHandling();
    }
}
