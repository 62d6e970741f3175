package io.tagpulse.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RejectedRecordsTests {

    @Test
    void headersCarryTheReasonTheCheckAndTheOriginInTheBindersEncoding() {
        Map<String, byte[]> headers = RejectedRecords.headers("empty record", new InvalidRecordException("x"),
                "tagpulse.posts", 3, 42L);

        assertThat(headers).containsOnlyKeys(DeadLetterHeaders.REASON, DeadLetterHeaders.EXCEPTION_CLASS,
                DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.ORIGINAL_PARTITION,
                DeadLetterHeaders.ORIGINAL_OFFSET);
        assertThat(text(headers.get(DeadLetterHeaders.REASON))).isEqualTo("empty record");
        assertThat(text(headers.get(DeadLetterHeaders.EXCEPTION_CLASS)))
            .isEqualTo(InvalidRecordException.class.getName());
        assertThat(text(headers.get(DeadLetterHeaders.ORIGINAL_TOPIC))).isEqualTo("tagpulse.posts");
        assertThat(ByteBuffer.wrap(headers.get(DeadLetterHeaders.ORIGINAL_PARTITION)).getInt()).isEqualTo(3);
        assertThat(ByteBuffer.wrap(headers.get(DeadLetterHeaders.ORIGINAL_OFFSET)).getLong()).isEqualTo(42L);
    }

    @Test
    void anUnknownOriginIsLeftOutNotGuessed() {
        Map<String, byte[]> headers = RejectedRecords.headers("bad", null, null, -1, -1);

        assertThat(headers).containsOnlyKeys(DeadLetterHeaders.REASON);
    }

    @Test
    void markingReplacesEarlierMarksAndKeepsOtherHeaders() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "t".getBytes(StandardCharsets.UTF_8));
        RejectedRecords.mark(headers, "first", null, "a", 0, 1);

        RejectedRecords.mark(headers, "unreadable Post", new InvalidRecordException("y"), "b", -1, -1);

        assertThat(headers.headers(DeadLetterHeaders.REASON)).hasSize(1);
        assertThat(text(headers.lastHeader(DeadLetterHeaders.REASON).value())).isEqualTo("unreadable Post");
        assertThat(text(headers.lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC).value())).isEqualTo("b");
        assertThat(headers.lastHeader("traceparent")).isNotNull();
    }

    @Test
    void readOnlyHeadersAreLeftAsTheyAre() {
        RecordHeaders headers = new RecordHeaders();
        headers.setReadOnly();

        RejectedRecords.mark(headers, "too late to mark", null, "t", -1, -1);

        assertThat(headers.toArray()).isEmpty();
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
