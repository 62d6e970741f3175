package io.tagpulse.benchmarks.pipeline;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Watermark;
import org.apache.kafka.common.header.Headers;
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
        return new Deserializer<>() {

            @Override
            public HashtagMention deserialize(String topic, byte[] bytes) {
                return bytes == null ? null : TagpulseJson.readMention(bytes);
            }

            /** The processor's watermarks between the mentions are no mentions: read as null, which a count skips. */
            @Override
            public HashtagMention deserialize(String topic, Headers headers, byte[] bytes) {
                return headers != null && headers.lastHeader(Watermark.HEADER) != null ? null
                        : deserialize(topic, bytes);
            }
        };
    }
}
