package io.tagpulse.streams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

class ReplaceThreadOnErrorTests {

    private final AtomicLong now = new AtomicLong();

    private final ReplaceThreadOnError handler = new ReplaceThreadOnError(3, Duration.ofMinutes(5), now::get);

    private final KafkaException error = new KafkaException("Unhandled error in EndTxnResponse");

    @Test
    void shouldReplaceADeadThreadAndShutDownWhenItKeepsDying() {
        assertThat(handler.handle(error)).isEqualTo(REPLACE_THREAD);
        assertThat(handler.handle(error)).isEqualTo(REPLACE_THREAD);
        assertThat(handler.handle(error)).isEqualTo(REPLACE_THREAD);

        assertThat(handler.handle(error)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        handler.handle(error);
        handler.handle(error);
        handler.handle(error);
        now.addAndGet(Duration.ofMinutes(5).plusMillis(1).toMillis());

        assertThat(handler.handle(error)).isEqualTo(REPLACE_THREAD);
    }
}
