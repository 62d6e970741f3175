package io.tagpulse.sink.app;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.DeadLetterHeaders;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.sink.app.StoreErrorHandling.Failure;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.messaging.MessagingException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class StoreErrorHandlingTests {

    private static final String TOPIC = "tagpulse.hashtag-counts";

    private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();

    private final DefaultErrorHandler handler = StoreErrorHandling
        .errorHandler((record, exception) -> deadLettered.add(record), retry(3));

    private final Consumer<?, ?> consumer = mock(Consumer.class);

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);

    private static ExtendedConsumerProperties<Object> retry(int maxAttempts) {
        ExtendedConsumerProperties<Object> properties = new ExtendedConsumerProperties<>(new Object());
        properties.setMaxAttempts(maxAttempts);
        properties.setBackOffInitialInterval(1);
        properties.setBackOffMultiplier(1.0);
        properties.setBackOffMaxInterval(1);
        return properties;
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>(TOPIC, 2, offset, "kafka".getBytes(StandardCharsets.UTF_8),
                "{\"tag\":".getBytes(StandardCharsets.UTF_8));
    }

    /** The way a failure reaches the container's error handler: wrapped by the binding and by the container. */
    private static Exception asThrownByListener(Exception cause) {
        return new ListenerExecutionFailedException("Listener failed",
                new MessagingException("Exception thrown while invoking storeCounts", cause));
    }

    private boolean fail(ConsumerRecord<?, ?> record, Exception exception) {
        when(container.isRunning()).thenReturn(true);
        return handler.handleOne(asThrownByListener(exception), record, consumer, container);
    }

    @Test
    void shouldClassifyFailuresThroughTheirCauses() {
        assertThat(StoreErrorHandling.classify(asThrownByListener(new InvalidRecordException("bad"))))
            .isEqualTo(Failure.INVALID_RECORD);
        assertThat(StoreErrorHandling.classify(asThrownByListener(
                new CannotGetJdbcConnectionException("down", new SQLTransientConnectionException("timeout")))))
            .isEqualTo(Failure.DATABASE);
        assertThat(StoreErrorHandling.classify(new DataAccessResourceFailureException("connection reset")))
            .isEqualTo(Failure.DATABASE);
        assertThat(StoreErrorHandling.classify(new QueryTimeoutException("slow"))).isEqualTo(Failure.DATABASE);
        assertThat(StoreErrorHandling.classify(new CannotCreateTransactionException("no connection")))
            .isEqualTo(Failure.DATABASE);
        assertThat(StoreErrorHandling.classify(new IllegalStateException("wrapped", new SQLException("closed"))))
            .isEqualTo(Failure.DATABASE);
        assertThat(StoreErrorHandling.classify(asThrownByListener(new DuplicateKeyException("race"))))
            .isEqualTo(Failure.OTHER);
        assertThat(StoreErrorHandling.classify(asThrownByListener(new NullPointerException())))
            .isEqualTo(Failure.OTHER);
    }

    @Test
    void shouldDeadLetterInvalidRecordAtOnce() {
        assertThat(fail(record(1), new InvalidRecordException("invalid HashtagCount"))).isTrue();

        assertThat(deadLettered).hasSize(1);
    }

    @Test
    void shouldRetryDatabaseFailuresWithoutLimitAndNeverDeadLetter() {
        ConsumerRecord<byte[], byte[]> record = record(2);
        for (int attempt = 1; attempt <= 50; attempt++) {
            assertThat(fail(record, new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
                .as("attempt %d", attempt)
                .isFalse();
        }

        assertThat(deadLettered).isEmpty();
    }

    @Test
    void shouldDeadLetterOtherFailuresAfterMaxAttempts() {
        ConsumerRecord<byte[], byte[]> record = record(3);

        assertThat(fail(record, new IllegalStateException("bug"))).isFalse();
        assertThat(fail(record, new IllegalStateException("bug"))).isFalse();
        assertThat(deadLettered).isEmpty();
        assertThat(fail(record, new IllegalStateException("bug"))).isTrue();
        assertThat(deadLettered).containsExactly(record);
    }

    @Test
    void shouldPublishDeadLetterWithTheBinderHeadersAndTheReason() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        ConsumerRecord<byte[], byte[]> record = record(42);
        String reason;
        try {
            TagpulseJson.readCount(record.value());
            throw new AssertionError("the record should be unreadable");
        }
        catch (InvalidRecordException ex) {
            reason = ex.getMessage();
        }
        InvalidRecordException invalid = new InvalidRecordException(reason, new IllegalArgumentException("deep"));

        StoreErrorHandling.deadLetterRecoverer(template, (rec, ex) -> new TopicPartition("tagpulse.dead-letter", 1))
            .accept(record, null, asThrownByListener(invalid));

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("tagpulse.dead-letter");
        assertThat(sent.key()).isEqualTo(record.key());
        assertThat(sent.value()).isEqualTo(record.value());
        assertThat(header(sent, DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(sent, KafkaMessageChannelBinder.X_EXCEPTION_FQCN))
            .isEqualTo(InvalidRecordException.class.getName());
        assertThat(header(sent, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(ByteBuffer.wrap(sent.headers().lastHeader(KafkaMessageChannelBinder.X_ORIGINAL_OFFSET).value())
            .getLong()).isEqualTo(42);
        assertThat(ByteBuffer.wrap(sent.headers().lastHeader(KafkaMessageChannelBinder.X_ORIGINAL_PARTITION).value())
            .getInt()).isEqualTo(2);
    }

    @Test
    void shouldWriteDeadLettersToTheClusterTheRecordsComeFrom() {
        Map<String, Object> producer = StoreErrorHandling.producerConfig(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9093", "security.protocol", "SASL_SSL",
                ConsumerConfig.CLIENT_ID_CONFIG, "sink-consumer", ConsumerConfig.GROUP_ID_CONFIG, "tagpulse-sink",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));

        assertThat(producer).containsOnly(Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9093"),
                Map.entry("security.protocol", "SASL_SSL"));
    }

    private static BindingServiceProperties bindings(boolean countsInBatches, boolean trendsInBatches,
            int moderationAttempts, int alertAttempts) {
        BindingServiceProperties bindings = new BindingServiceProperties();
        bind(bindings, SinkApplication.INPUT, countsInBatches, 1);
        bind(bindings, SinkApplication.TRENDS, trendsInBatches, 1);
        bind(bindings, SinkApplication.MODERATION, false, moderationAttempts);
        bind(bindings, SinkApplication.ALERTS, false, alertAttempts);
        return bindings;
    }

    private static void bind(BindingServiceProperties bindings, String name, boolean batchMode, int maxAttempts) {
        BindingProperties binding = new BindingProperties();
        ConsumerProperties consumer = new ConsumerProperties();
        consumer.setBatchMode(batchMode);
        consumer.setMaxAttempts(maxAttempts);
        binding.setConsumer(consumer);
        bindings.getBindings().put(name, binding);
    }

    @Test
    void shouldRefuseASingleAttemptOnARecordByRecordBindingBecauseTheBinderWouldDeadLetterDatabaseFailures() {
        assertThatThrownBy(() -> new SinkApplication().storeErrorHandling(bindings(true, true, 1, 3)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.cloud.stream.bindings.moderation.consumer.max-attempts");
        assertThatThrownBy(() -> new SinkApplication().storeErrorHandling(bindings(true, true, 3, 1)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.cloud.stream.bindings.alerts.consumer.max-attempts");

        assertThat(new SinkApplication().storeErrorHandling(bindings(true, true, 2, 2))).isNotNull();
    }

    @Test
    void shouldRefuseCountsOrTrendsOutsideBatchMode() {
        assertThatThrownBy(() -> new SinkApplication().storeErrorHandling(bindings(false, true, 3, 3)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.cloud.stream.bindings.input.consumer.batch-mode must be true");
        assertThatThrownBy(() -> new SinkApplication().storeErrorHandling(bindings(true, false, 3, 3)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.cloud.stream.bindings.trends.consumer.batch-mode must be true");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
