package io.tagpulse.sink.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import io.tagpulse.sink.app.StoreErrorHandling.Failure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The whole app on the test binder and an in-memory H2 with the migrations applied, alerts off. Every test class with this
 * annotation shares one application context (and database): tests keep apart by tag and time range.
 * <p>
 * The test binder retries in the binding, not in a Kafka listener container as {@link StoreErrorHandling} sets up,
 * so {@link BindingRetry} gives the binding the same rule: invalid records are not retried.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:sink-app-tests;DB_CLOSE_DELAY=-1",
        "tagpulse.sink.retention=0", "tagpulse.sink.trend-history=0",
        // The test binder hands a destination's messages to every binding on it: the alerts (tested on a real broker
        // in TrendAlertsIT) read a destination of their own, so that the trends binding's batches reach only it.
        "spring.cloud.stream.bindings.alerts.destination=test.alerts" })
@Import({ TestChannelBinderConfiguration.class, SinkAppTest.BindingRetry.class })
@interface SinkAppTest {

    @TestConfiguration(proxyBeanMethods = false)
    class BindingRetry {

        // Class-name keys of spring.cloud.stream.bindings.input.consumer.retryable-exceptions do not bind in Boot 4
        // (they are not valid property names), hence a retry template.
        @StreamRetryTemplate
        RetryTemplate storeCountsRetry() {
            return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(2)
                .delay(Duration.ofMillis(1))
                .predicate(exception -> StoreErrorHandling.classify(exception) != Failure.INVALID_RECORD)
                .build());
        }
    }
}
