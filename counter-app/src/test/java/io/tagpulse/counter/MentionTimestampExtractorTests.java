package io.tagpulse.counter;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tagpulse.contracts.HashtagMention;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MentionTimestampExtractorTests {

    private static final Instant EVENT = Instant.parse("2026-01-01T12:00:00.123Z");

    private static final long WRITTEN = EVENT.plusSeconds(30).toEpochMilli();

    private static final long PARTITION_TIME = EVENT.minusSeconds(5).toEpochMilli();

    private final MentionTimestampExtractor extractor = new MentionTimestampExtractor(Duration.ofMinutes(5));

    private static HashtagMention mention(Instant eventTime) {
        return new HashtagMention("kafka", "Kafka", "p1", "test", "en", eventTime);
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("tagpulse.hashtags", 0, 7L, timestamp, TimestampType.CREATE_TIME, 5, 100, "kafka",
                value, new RecordHeaders(), Optional.empty());
    }

    @Test
    void shouldReturnTheEventTimeInEpochMillis() {
        assertThat(extractor.extract(record(mention(EVENT), WRITTEN), PARTITION_TIME))
            .isEqualTo(EVENT.toEpochMilli());
    }

    @Test
    void shouldIgnoreTheRecordTimestampAndPartitionTimeWhenTheEventTimeIsKnown() {
        Instant longAgo = EVENT.minus(Duration.ofDays(3));

        assertThat(extractor.extract(record(mention(longAgo), WRITTEN), PARTITION_TIME))
            .isEqualTo(longAgo.toEpochMilli());
    }

    @Test
    void shouldFallBackToPartitionTimeWhenTheValueIsNotAMention() {
        assertThat(extractor.extract(record("not a mention", WRITTEN), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(extractor.extract(record(null, WRITTEN), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldFallBackToPartitionTimeWhenTheEventTimeIsMissing() {
        assertThat(extractor.extract(record(mention(null), WRITTEN), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldFallBackToPartitionTimeWhenTheEventTimeIsOutsideEpochMillis() {
        assertThat(extractor.extract(record(mention(Instant.MAX), WRITTEN), PARTITION_TIME))
            .isEqualTo(PARTITION_TIME);
        assertThat(extractor.extract(record(mention(Instant.parse("1969-12-31T23:59:59Z")), WRITTEN),
                PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldFallBackToTheRecordTimestampBeforeAnyPartitionTimeIsKnown() {
        assertThat(extractor.extract(record(mention(null), WRITTEN), -1L)).isEqualTo(WRITTEN);
    }

    @Test
    void shouldTakeTheRecordTimestampForAnEventTimeFarInTheFuture() {
        Instant tomorrow = Instant.ofEpochMilli(WRITTEN).plus(Duration.ofDays(1));

        assertThat(extractor.extract(record(mention(tomorrow), WRITTEN), PARTITION_TIME)).isEqualTo(WRITTEN);
    }

    @Test
    void shouldKeepAnEventTimeAheadOfTheRecordTimestampWithinTheClockSkew() {
        Instant aheadWithinSkew = Instant.ofEpochMilli(WRITTEN).plus(Duration.ofMinutes(5));

        assertThat(extractor.extract(record(mention(aheadWithinSkew), WRITTEN), PARTITION_TIME))
            .isEqualTo(aheadWithinSkew.toEpochMilli());
    }

    @Test
    void shouldKeepTheEventTimeWhenTheRecordHasNoTimestamp() {
        assertThat(extractor.extract(record(mention(EVENT), -1L), PARTITION_TIME)).isEqualTo(EVENT.toEpochMilli());
    }

    @Test
    void shouldRejectANegativeClockSkew() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MentionTimestampExtractor(Duration.ofMillis(-1)));
    }
}
