package io.tagpulse.benchmarks.pipeline;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Mentions as the contracts write them (JSON, UTF-8), for the plain Kafka Streams count. */
final class MentionJsonSerde implements Serde<HashtagMention> {

    @Override
    public Serializer<HashtagMention> serializer() {
        return (topic, mention) -> mention == null ? null : TagpulseJson.write(mention);
    }

    @Override
    public Deserializer<HashtagMention> deserializer() {
        return (topic, bytes) -> bytes == null ? null : TagpulseJson.readMention(bytes);
    }
}
