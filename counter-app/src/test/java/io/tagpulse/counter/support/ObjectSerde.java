package io.tagpulse.counter.support;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * For stage tests on {@code TopologyTestDriver}: passes objects by reference through the driver's topics (one JVM),
 * so a test pipes a stage's own typed input and reads its typed outputs, which have no wire format. The serializer
 * files the object under a number and writes the number; the deserializer looks it up.
 */
public final class ObjectSerde<T> implements Serde<T> {

    private static final Map<Long, Object> OBJECTS = new ConcurrentHashMap<>();

    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            long id = IDS.incrementAndGet();
            OBJECTS.put(id, value);
            return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : (T) OBJECTS.get(ByteBuffer.wrap(bytes).getLong());
    }
}
