package io.tagpulse.counter;

import java.time.Duration;

import io.tagpulse.contracts.HashtagMention;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives each mention its event time: the creation time of its post, never the time the broker or the processor saw
 * it. Windows then count what was posted in them, however late or out of order the mentions arrive.
 * <p>
 * Two safeguards keep one bad record from disturbing the counts:
 * <ul>
 * <li>A record without a usable event time (not a mention, no {@code eventTime}, or one outside the epoch-millis
 * range) takes the partition time, the newest event time seen on its partition, so it counts "now" and moves no
 * window; before any partition time is known it takes its own Kafka timestamp.</li>
 * <li>An event time further ahead of the record's Kafka timestamp than {@code maxClockSkew} is taken as the Kafka
 * timestamp. A post dated in the future by a wrong clock would otherwise advance stream time and close every window
 * still open, dropping all mentions that arrive after it.</li>
 * </ul>
 */
public final class MentionTimestampExtractor implements TimestampExtractor {

    private final long maxClockSkewMillis;

    /** @param maxClockSkew how far an event time may be ahead of its record's Kafka timestamp */
    public MentionTimestampExtractor(Duration maxClockSkew) {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative: " + maxClockSkew);
        }
        this.maxClockSkewMillis = saturatedMillis(maxClockSkew);
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long eventTime = eventTimeOf(record.value());
        if (eventTime < 0) {
            return partitionTime >= 0 ? partitionTime : record.timestamp();
        }
        long recordTime = record.timestamp();
        if (recordTime >= 0 && eventTime - recordTime > maxClockSkewMillis) {
            return recordTime;
        }
        return eventTime;
    }

    /** @return the event time in epoch millis, or -1 when the value has none Kafka can carry */
    private static long eventTimeOf(Object value) {
        if (value instanceof HashtagMention mention && mention.eventTime() != null) {
            try {
                long millis = mention.eventTime().toEpochMilli();
                return millis >= 0 ? millis : -1;
            }
            catch (ArithmeticException ex) {
                return -1;
            }
        }
        return -1;
    }

    private static long saturatedMillis(Duration duration) {
        try {
            return duration.toMillis();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }
}
