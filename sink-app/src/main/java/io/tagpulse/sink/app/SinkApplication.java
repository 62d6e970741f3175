package io.tagpulse.sink.app;

import java.time.Clock;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.sink.CountBatch;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.ModerationRepository;
import io.tagpulse.sink.TrendAlertRepository;
import io.tagpulse.sink.TrendBatch;
import io.tagpulse.sink.TrendRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The sink app: the store. It reads the {@code input} hashtag counts, the counter's {@code trends} and the moderators'
 * decisions ({@code moderation}), stores them idempotently, dead-letters what it cannot store, deletes old windows
 * and trends, announces trends' starts to an optional webhook ({@code alerts}, a consumer group of its own), and owns
 * the schema (Flyway). The dashboard app serves what it stores.
 */
@SpringBootApplication
@EnableConfigurationProperties(SinkProperties.class)
@EnableScheduling
// The repositories are plain classes, each built from the JdbcTemplate.
@Import({ HashtagCountRepository.class, TrendRepository.class, ModerationRepository.class,
        TrendAlertRepository.class })
public class SinkApplication {

    /** Metric counting the count records read, tagged {@code outcome=stored|invalid}. */
    static final String COUNTS_METRIC = "tagpulse.sink.counts";

    /** Metric counting the trend records read, tagged {@code outcome=stored|invalid}. */
    static final String TRENDS_METRIC = "tagpulse.sink.trends";

    /** Metric counting the moderation decisions read, tagged {@code outcome=recorded|duplicate|invalid}. */
    static final String MODERATION_METRIC = "tagpulse.sink.moderation";

    /** Metric counting the trend alerts, tagged {@code outcome=sent|failed|retried|skipped}. */
    static final String ALERTS_METRIC = "tagpulse.sink.alerts";

    /** The binding Data Flow connects to the counts topic. */
    static final String INPUT = "input";

    /** The binding of the counter's trends (its topic named after the stream). */
    static final String TRENDS = "trends";

    /** The binding of the moderators' decisions (its topic named after the stream). */
    static final String MODERATION = "moderation";

    /** The binding that announces trends: the trends topic again, in a consumer group of its own. */
    static final String ALERTS = "alerts";

    public static void main(String[] args) {
        SpringApplication.run(SinkApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The writers' transactions, each durable once it has ended (see {@link DurableTransactions}). */
    @Bean
    DurableTransactions durableTransactions(DataSource dataSource, PlatformTransactionManager transactionManager) {
        return new DurableTransactions(dataSource, transactionManager);
    }

    /**
     * Stores each polled batch of counts in one transaction, replacing the stored count of each window, before the
     * batch's offsets are committed (see {@link BatchWriter}).
     */
    // The payload is taken as it comes (a list of byte[]): declared as Message<List<byte[]>>, Spring Cloud Function
    // would convert each element and, failing, hand over an empty list.
    @Bean
    Consumer<Message<?>> storeCounts(HashtagCountRepository repository, DurableTransactions transactions,
            StoreErrorHandling deadLetters, MeterRegistry registry) {
        return inBatches(new BatchWriter<HashtagCount>(CountBatch::of, repository::upsert, transactions,
                deadLetters, registry, COUNTS_METRIC));
    }

    /**
     * Stores each polled batch of trends in one transaction, one row per trend id, where an older record never
     * overwrites a newer one (see {@link TrendRepository}).
     */
    @Bean
    Consumer<Message<?>> storeTrends(TrendRepository repository, DurableTransactions transactions,
            StoreErrorHandling deadLetters, MeterRegistry registry) {
        return inBatches(new BatchWriter<TrendUpdate>(TrendBatch::of, repository::upsert, transactions,
                deadLetters, registry, TRENDS_METRIC));
    }

    private static Consumer<Message<?>> inBatches(BatchWriter<?> writer) {
        return batch -> writer.write(BatchMessages.records(batch));
    }

    /**
     * Records each moderation decision once, by its partition and offset. An invalid record is thrown back to the
     * binder and dead-lettered; a database failure is retried until the database is back (see
     * {@link StoreErrorHandling}).
     */
    @Bean
    Consumer<Message<byte[]>> recordModeration(ModerationRepository repository, DurableTransactions transactions,
            MeterRegistry registry) {
        Counter recorded = registry.counter(MODERATION_METRIC, "outcome", "recorded");
        Counter duplicate = registry.counter(MODERATION_METRIC, "outcome", "duplicate");
        Counter invalid = registry.counter(MODERATION_METRIC, "outcome", "invalid");
        return message -> {
            ModerationDecision decision;
            try {
                decision = TagpulseJson.readModeration(message.getPayload());
                ModerationRepository.requireStorable(decision);
            }
            catch (InvalidRecordException ex) {
                invalid.increment();
                throw ex;
            }
            Integer partition = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
            Long offset = message.getHeaders().get(KafkaHeaders.OFFSET, Long.class);
            if (partition == null || offset == null) {
                throw new IllegalStateException("a moderation decision needs its partition and offset (its identity)"
                        + " in the message headers; the binding must be a Kafka binding");
            }
            // Durable before the offset commits, as the counts and trends are.
            boolean stored = transactions.execute(status -> repository.record(decision, partition, offset));
            (stored ? recorded : duplicate).increment();
        };
    }

    @Bean
    TrendAlerts trendAlerts(SinkProperties properties, TrendAlertRepository alerts, TrendRepository trends,
            ModerationRepository moderation, MeterRegistry registry, Clock clock) {
        return new TrendAlerts(properties.alerts(), alerts, trends, moderation, registry, clock);
    }

    /**
     * Announces each trend's start (see {@link TrendAlerts}): a no-op while no webhook is set. Unreadable records are
     * left to the trends binding, which dead-letters them.
     */
    @Bean
    Consumer<Message<byte[]>> alertTrends(TrendAlerts alerts) {
        return message -> {
            if (!alerts.enabled()) {
                return;
            }
            TrendUpdate trend;
            try {
                trend = TagpulseJson.readTrend(message.getPayload());
            }
            catch (InvalidRecordException ex) {
                return;
            }
            alerts.onTrend(trend);
        };
    }

    @Bean
    RetentionJob retentionJob(HashtagCountRepository counts, TrendRepository trends, SinkProperties properties,
            Clock clock) {
        return new RetentionJob(counts, trends, properties.toRetentionPolicy(), properties.trendHistory(),
                properties.retentionChunk(), clock);
    }

    @Bean
    SchedulingConfigurer schedules(RetentionJob job, TrendAlerts alerts, SinkProperties properties) {
        return registrar -> {
            if (job.enabled()) {
                registrar.addFixedDelayTask(new FixedDelayTask(job, properties.retentionInterval(),
                        properties.retentionInterval()));
            }
            if (alerts.enabled()) {
                registrar.addFixedDelayTask(new FixedDelayTask(alerts::resume,
                        properties.alerts().resumeInterval(), properties.alerts().resumeInterval()));
            }
        };
    }

    /**
     * Moves retries and dead-lettering into the listener container. The counts and trends bindings must be in batch
     * mode; the record-by-record bindings need at least two attempts: with one, the binder sends every failure to its
     * own dead-letter handler, database outages included.
     */
    @Bean
    StoreErrorHandling storeErrorHandling(BindingServiceProperties bindings) {
        for (String batch : new String[] { INPUT, TRENDS }) {
            if (!bindings.getConsumerProperties(batch).isBatchMode()) {
                throw new IllegalStateException("spring.cloud.stream.bindings." + batch + ".consumer.batch-mode must "
                        + "be true: the sink stores its records in batches");
            }
        }
        for (String single : new String[] { MODERATION, ALERTS }) {
            int attempts = bindings.getConsumerProperties(single).getMaxAttempts();
            if (attempts < 2) {
                throw new IllegalStateException("spring.cloud.stream.bindings." + single + ".consumer.max-attempts is "
                        + attempts + " but must be at least 2, or a database outage would dead-letter records "
                        + "(database failures are retried without limit, other failures max-attempts times)");
            }
        }
        return new StoreErrorHandling();
    }
}
