package io.tagpulse.sink.app;

import java.time.Clock;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.TrendingRecords;
import io.tagpulse.sink.TrendingRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The sink app: the store. It reads the {@code input} hashtag counts and the {@code trending} rankings and stores them
 * idempotently, dead-letters what it cannot store, deletes old windows, and owns the schema (Flyway). The dashboard
 * app serves what it stores.
 */
@SpringBootApplication
@EnableConfigurationProperties(SinkProperties.class)
@EnableScheduling
public class SinkApplication {

    /** Metric counting the records read, tagged {@code outcome=stored|invalid}. */
    static final String COUNTS_METRIC = "tagpulse.sink.counts";

    /** Metric counting the trending rankings read, tagged {@code outcome=stored|superseded|invalid}. */
    static final String TRENDING_METRIC = "tagpulse.sink.trending";

    /** The binding Data Flow connects to the counts topic. */
    static final String INPUT = "input";

    /** The binding of the counter's trending rankings (its topic named after the stream). */
    static final String TRENDING = "trending";

    public static void main(String[] args) {
        SpringApplication.run(SinkApplication.class, args);
    }

    @Bean
    HashtagCountRepository hashtagCountRepository(JdbcTemplate jdbcTemplate) {
        return new HashtagCountRepository(jdbcTemplate);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TrendingRepository trendingRepository(JdbcTemplate jdbcTemplate, TransactionOperations transactionTemplate) {
        return new TrendingRepository(jdbcTemplate, transactionTemplate);
    }

    @Bean
    CountBatchWriter countBatchWriter(HashtagCountRepository repository, TransactionOperations transactionTemplate,
            StoreErrorHandling deadLetters, MeterRegistry registry) {
        return new CountBatchWriter(repository, transactionTemplate, deadLetters, registry);
    }

    /**
     * Stores each polled batch of counts in one transaction, replacing the stored count of each window, before the
     * batch's offsets are committed (see {@link CountBatchWriter}).
     */
    // The payload is taken as it comes (a list of byte[]): declared as Message<List<byte[]>>, Spring Cloud Function
    // would convert each element and, failing, hand over an empty list.
    @Bean
    Consumer<Message<?>> storeCounts(CountBatchWriter writer) {
        return batch -> writer.write(BatchMessages.records(batch));
    }

    /**
     * Stores each trending ranking, replacing its window's (unless the stored one has more partitions). An unreadable
     * record is thrown back to the binder and dead-lettered; a database failure is retried until the database is
     * back (see {@link StoreErrorHandling}).
     */
    @Bean
    Consumer<Message<byte[]>> storeTrending(TrendingRepository repository, MeterRegistry registry) {
        Counter stored = registry.counter(TRENDING_METRIC, "outcome", "stored");
        Counter superseded = registry.counter(TRENDING_METRIC, "outcome", "superseded");
        Counter invalid = registry.counter(TRENDING_METRIC, "outcome", "invalid");
        return message -> {
            TrendingTags trending;
            try {
                trending = TrendingRecords.read(message.getPayload());
            }
            catch (InvalidRecordException ex) {
                invalid.increment();
                throw ex;
            }
            if (repository.replace(trending)) {
                stored.increment();
            }
            else {
                superseded.increment();
            }
        };
    }

    @Bean
    RetentionJob retentionJob(HashtagCountRepository counts, TrendingRepository trending, SinkProperties properties,
            Clock clock) {
        return new RetentionJob(counts, trending, properties.toRetentionPolicy(), properties.getRetentionChunk(), clock);
    }

    @Bean
    SchedulingConfigurer retentionSchedule(RetentionJob job, SinkProperties properties) {
        return registrar -> {
            if (job.enabled()) {
                registrar.addFixedDelayTask(new FixedDelayTask(job, properties.getRetentionInterval(),
                        properties.getRetentionInterval()));
            }
        };
    }

    /**
     * Moves retries and dead-lettering into the listener container. The counts binding must be in batch mode; the
     * trending binding needs at least two attempts: with one, the binder sends every failure to its own dead-letter
     * handler, database outages included.
     */
    @Bean
    StoreErrorHandling storeErrorHandling(BindingServiceProperties bindings) {
        if (!bindings.getConsumerProperties(INPUT).isBatchMode()) {
            throw new IllegalStateException("spring.cloud.stream.bindings.input.consumer.batch-mode must be true: "
                    + "the sink stores the counts in batches");
        }
        ConsumerProperties trending = bindings.getConsumerProperties(TRENDING);
        if (trending.getMaxAttempts() < 2) {
            throw new IllegalStateException("spring.cloud.stream.bindings.trending.consumer.max-attempts is "
                    + trending.getMaxAttempts() + " but must be at least 2, or a database outage would dead-letter "
                    + "records (database failures are retried without limit, other failures max-attempts times)");
        }
        return new StoreErrorHandling();
    }
}
