package io.tagpulse.sink.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.RejectedRecords;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.sink.ReceivedRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.TransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the sink does when storing a record fails. The binder's own retry cannot tell a broken record from a database
 * outage, so retries and dead-lettering move from the binding to the listener container (the binder's documented way
 * for long retries), which decides by failure:
 * <ul>
 * <li>an {@linkplain Failure#INVALID_RECORD invalid record} is dead-lettered at once: it would fail again;</li>
 * <li>a {@linkplain Failure#DATABASE database failure} (down, unreachable, timed out, locked) is retried without
 * limit, never dead-lettered: dead-lettering would lose counts for as long as the outage lasts, and retrying is safe
 * because the upsert is idempotent. The partition waits (its lag grows) until the database is back;</li>
 * <li>any {@linkplain Failure#OTHER other failure} is retried up to {@code max-attempts} in all, then
 * dead-lettered.</li>
 * </ul>
 * A binding in batch mode (the counts) reads every record itself and dead-letters the invalid ones through
 * {@link #send(ReceivedRecord, Exception)}, so the container sees only failures of the whole batch: those it retries
 * without limit, pausing the partitions and never dead-lettering (nothing is committed until a retry succeeds).
 * <p>
 * Retries wait with the binding's exponential back-off ({@code back-off-initial-interval}, {@code
 * back-off-multiplier}, {@code back-off-max-interval}); between attempts the container seeks back and polls again,
 * so a long outage does not get the consumer evicted from its group. Dead letters keep the binder's header names
 * ({@code x-original-topic}, {@code x-exception-message}, …) and go to the same cluster as the records came from.
 */
class StoreErrorHandling implements ListenerContainerWithDlqAndRetryCustomizer, ConsumerConfigCustomizer,
        DisposableBean, BatchWriter.DeadLetters {

    /** Producer settings that are never copied from the consumer to the dead-letter producer. */
    private static final Set<String> NOT_COPIED = Set.of(ProducerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    private static final Log logger = LogFactory.getLog(StoreErrorHandling.class);

    private static final int MAX_CAUSES = 32;

    private final Map<String, Map<String, Object>> consumerConfigs = new ConcurrentHashMap<>();

    private final Map<String, ConsumerRecordRecoverer> batchRecoverers = new ConcurrentHashMap<>();

    private final List<DefaultKafkaProducerFactory<byte[], byte[]>> producerFactories = new ArrayList<>();

    /** Why storing a record failed, which decides whether it is retried and for how long. */
    enum Failure {

        /** The record itself is unreadable or unstorable. */
        INVALID_RECORD,

        /** The database failed, not because of the record. */
        DATABASE,

        /** Anything else, including a record the database refused. */
        OTHER
    }

    /** @return the kind of failure, judged on the exception and all its causes */
    static Failure classify(Throwable exception) {
        boolean database = false;
        for (Throwable cause : causes(exception)) {
            if (cause instanceof InvalidRecordException) {
                return Failure.INVALID_RECORD;
            }
            if (cause instanceof DataIntegrityViolationException) {
                return Failure.OTHER;
            }
            database |= cause instanceof DataAccessException || cause instanceof TransactionException
                    || cause instanceof SQLException;
        }
        return database ? Failure.DATABASE : Failure.OTHER;
    }

    /**
     * @param recoverer where records go that are not retried (any more), null to log and skip them
     * @param retry the binding's retry settings
     */
    static DefaultErrorHandler errorHandler(@Nullable ConsumerRecordRecoverer recoverer,
            ExtendedConsumerProperties<?> retry) {
        ExponentialBackOff unlimited = new ExponentialBackOff(retry.getBackOffInitialInterval(),
                retry.getBackOffMultiplier());
        unlimited.setMaxInterval(retry.getBackOffMaxInterval());
        unlimited.setMaxAttempts(Long.MAX_VALUE);
        unlimited.setMaxElapsedTime(Long.MAX_VALUE);
        ExponentialBackOff bounded = new ExponentialBackOffWithMaxRetries(Math.max(0, retry.getMaxAttempts() - 1));
        bounded.setInitialInterval(retry.getBackOffInitialInterval());
        bounded.setMultiplier(retry.getBackOffMultiplier());
        bounded.setMaxInterval(retry.getBackOffMaxInterval());
        BackOff never = new FixedBackOff(0, 0);

        DefaultErrorHandler handler = recoverer != null ? new DefaultErrorHandler(recoverer, bounded)
                : new DefaultErrorHandler(bounded);
        handler.setBackOffFunction((record, exception) -> switch (classify(exception)) {
            case INVALID_RECORD -> never;
            case DATABASE -> unlimited;
            case OTHER -> bounded;
        });
        handler.setRetryListeners(new LoggingRetryListener(recoverer != null));
        return handler;
    }

    /**
     * @param retry the binding's retry settings
     * @return the handler of a batch binding: every failure of a batch is retried without limit (the batch writer has
     *     dead-lettered invalid records itself, so what reaches the container is the database or the broker failing)
     */
    static DefaultErrorHandler batchErrorHandler(ExtendedConsumerProperties<?> retry) {
        ExponentialBackOff unlimited = new ExponentialBackOff(retry.getBackOffInitialInterval(),
                retry.getBackOffMultiplier());
        unlimited.setMaxInterval(retry.getBackOffMaxInterval());
        unlimited.setMaxAttempts(Long.MAX_VALUE);
        unlimited.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(unlimited);
        handler.setRetryListeners(new LoggingRetryListener(false));
        return handler;
    }

    /** @return a recoverer that publishes to the resolved dead-letter topic with the {@link DeadLetterHeaders} */
    static DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaOperations<?, ?> template,
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinationResolver) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, destinationResolver);
        recoverer.setHeaderNamesSupplier(() -> HeaderNames.Builder.original()
            .topicHeader(DeadLetterHeaders.ORIGINAL_TOPIC)
            .partitionHeader(DeadLetterHeaders.ORIGINAL_PARTITION)
            .offsetHeader(DeadLetterHeaders.ORIGINAL_OFFSET)
            .timestampHeader(KafkaMessageChannelBinder.X_ORIGINAL_TIMESTAMP)
            .timestampTypeHeader(KafkaMessageChannelBinder.X_ORIGINAL_TIMESTAMP_TYPE)
            .consumerGroupHeader("x-original-consumer-group")
            .exception()
            .keyExceptionFqcn("x-key-exception-fqcn")
            .exceptionFqcn(DeadLetterHeaders.EXCEPTION_CLASS)
            .exceptionCauseFqcn("x-exception-cause-fqcn")
            .keyExceptionMessage("x-key-exception-message")
            .exceptionMessage(DeadLetterHeaders.REASON)
            .keyExceptionStacktrace("x-key-exception-stacktrace")
            .exceptionStacktrace(KafkaMessageChannelBinder.X_EXCEPTION_STACKTRACE)
            .build());
        // The reason header says what is wrong with the record in the words of the exception that found it, not
        // those of the framework layers that wrapped it on the way.
        recoverer.setExceptionHeadersCreator((headers, exception, isKey, names) -> {
            Throwable reason = reason(exception);
            RejectedRecords.mark(headers, reason.getMessage(), reason, null, -1, -1);
            replace(headers, names.getExceptionInfo().getExceptionStacktrace(), stackTrace(reason));
        });
        return recoverer;
    }

    /** @return the exception that says why: the invalid-record exception, else the innermost cause */
    static Throwable reason(Throwable exception) {
        Throwable innermost = exception;
        for (Throwable cause : causes(exception)) {
            if (cause instanceof InvalidRecordException) {
                return cause;
            }
            innermost = cause;
        }
        return innermost;
    }

    /** @return the exception and its causes, outermost first */
    private static List<Throwable> causes(Throwable exception) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = exception; cause != null && causes.size() < MAX_CAUSES && !causes.contains(cause);
                cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    @Override
    public void configure(Map<String, Object> consumerProperties, String bindingName, String destination) {
        consumerConfigs.put(destination, new HashMap<>(consumerProperties));
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            @Nullable BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
            @Nullable BackOff backOff, ExtendedConsumerProperties<KafkaConsumerProperties> properties) {
        ConsumerRecordRecoverer recoverer = dlqDestinationResolver == null ? null
                : deadLetterRecoverer(deadLetterTemplate(destinationName), dlqDestinationResolver);
        if (properties.isBatchMode()) {
            if (recoverer != null) {
                for (String topic : destinationName.split(",")) {
                    batchRecoverers.put(topic.trim(), recoverer);
                }
            }
            container.setCommonErrorHandler(batchErrorHandler(properties));
        }
        else {
            container.setCommonErrorHandler(errorHandler(recoverer, properties));
        }
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            @Nullable BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
            @Nullable BackOff backOff) {
        // Never called: the binder calls the variant with the binding properties (since 4.2), which the handler needs.
        throw new UnsupportedOperationException("configure needs the binding's consumer properties");
    }

    /**
     * Dead-letters a record of a batch binding, with its origin and the reason, and returns once the broker has it.
     * A record of a binding without a dead-letter topic (or of unknown origin) is logged and skipped.
     */
    @Override
    public void send(ReceivedRecord record, Exception reason) {
        ConsumerRecordRecoverer recoverer = record.topic() == null ? null : batchRecoverers.get(record.topic());
        if (recoverer == null) {
            logger.warn("Skipped " + record.origin() + " (no dead-letter topic): " + reason(reason).getMessage());
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        ConsumerRecord<byte[], byte[]> consumerRecord = new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.timestamp(), TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(),
                headers, Optional.empty());
        recoverer.accept(consumerRecord, reason);
    }

    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    @Override
    public synchronized void destroy() {
        producerFactories.forEach(DefaultKafkaProducerFactory::destroy);
        producerFactories.clear();
    }

    /** @return a template that writes to the cluster the destination is read from, with the same security */
    private synchronized KafkaTemplate<byte[], byte[]> deadLetterTemplate(String destination) {
        Map<String, Object> consumerConfig = consumerConfigs.get(destination);
        if (consumerConfig == null) {
            throw new IllegalStateException("no consumer configuration was seen for destination " + destination);
        }
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(
                producerConfig(consumerConfig), new ByteArraySerializer(), new ByteArraySerializer());
        producerFactories.add(factory);
        return new KafkaTemplate<>(factory);
    }

    static Map<String, Object> producerConfig(Map<String, Object> consumerConfig) {
        Set<String> producerNames = ProducerConfig.configNames();
        Map<String, Object> config = new HashMap<>();
        consumerConfig.forEach((name, value) -> {
            if (producerNames.contains(name) && !NOT_COPIED.contains(name) && value != null) {
                config.put(name, value);
            }
        });
        return config;
    }

    /** Says in the log what failed and what happens next, in one line per attempt (stack traces only at debug). */
    private static final class LoggingRetryListener implements RetryListener {

        private final String outcome;

        LoggingRetryListener(boolean deadLettering) {
            this.outcome = deadLettering ? "sent it to the dead-letter topic" : "skipped it (no dead-letter topic)";
        }

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
            Failure failure = classify(ex);
            logger.warn("Storing " + KafkaUtils.format(record) + " failed (attempt " + deliveryAttempt + ", "
                    + failure.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + reason(ex).getMessage()
                    + (failure == Failure.DATABASE ? "; retrying until the database is back" : ""));
            logger.debug("Storing " + KafkaUtils.format(record) + " failed", ex);
        }

        @Override
        public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
            Failure failure = classify(ex);
            logger.warn("Storing a batch of " + records.count() + " records failed (attempt " + deliveryAttempt
                    + ", " + failure.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): "
                    + reason(ex).getMessage() + "; the partitions wait and the batch is retried until it is stored");
            logger.debug("Storing a batch failed", ex);
        }

        @Override
        public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
            logger.warn("Gave up on " + KafkaUtils.format(record) + " and " + outcome + ": " + reason(ex).getMessage());
        }

        @Override
        public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
            logger.error("Could not dead-letter " + KafkaUtils.format(record) + ", it will be tried again", failure);
        }
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable exception) {
        StringWriter writer = new StringWriter();
        exception.printStackTrace(new PrintWriter(writer, true));
        return writer.toString();
    }
}
