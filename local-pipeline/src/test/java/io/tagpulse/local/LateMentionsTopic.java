package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * Reads the counter's late-mentions topic as any consumer of it would: a plain consumer in no group, committed
 * records only, from the beginning. Each read goes on from where the previous one stopped, up to the end of every
 * partition at the time of the read, so a reader sees each record once.
 */
final class LateMentionsTopic implements AutoCloseable {

    /** What a late-mention record says: which mention (tag, post) missed which window. */
    record Late(String tag, String postId, long windowStart, long windowEnd) {

        long windowMillis() {
            return windowEnd - windowStart;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;

    private final List<Late> seen = new ArrayList<>();

    private List<TopicPartition> partitions = List.of();

    LateMentionsTopic(String bootstrapServers) {
        this.consumer = Observer.open(bootstrapServers);
    }

    /** @return every record read so far, including those read now: all records committed up to now */
    List<Late> readAll() {
        if (partitions.isEmpty()) {
            partitions = consumer.partitionsFor(Topics.LATE_MENTIONS, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
            if (partitions.isEmpty()) {
                return List.copyOf(seen);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        // Under read_committed the end offsets are the last stable offsets: everything committed by now.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + Topics.LATE_MENTIONS + " to " + end
                        + " within 60 s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                seen.add(parse(record.value()));
            }
        }
        return List.copyOf(seen);
    }

    private static Late parse(byte[] value) {
        JsonNode late = TagpulseJson.mapper().readTree(value);
        JsonNode mention = late.path("mention");
        return new Late(mention.path("tag").asString(), mention.path("postId").asString(),
                epochMillis(late.path("windowStart")), epochMillis(late.path("windowEnd")));
    }

    /** @return the time in epoch millis, or 0 when the record names none (a late record need not name a window) */
    private static long epochMillis(JsonNode time) {
        return time.isString() ? Instant.parse(time.asString()).toEpochMilli() : 0;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
