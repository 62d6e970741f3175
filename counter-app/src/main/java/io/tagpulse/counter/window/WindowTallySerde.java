package io.tagpulse.counter.window;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The window stores' value serde: {@link WindowTally} in its compact binary form (state stores and changelogs). */
public final class WindowTallySerde implements Serde<WindowTally> {

    @Override
    public Serializer<WindowTally> serializer() {
        return (topic, tally) -> tally == null ? null : tally.toBytes();
    }

    @Override
    public Deserializer<WindowTally> deserializer() {
        return (topic, bytes) -> bytes == null ? null : WindowTally.fromBytes(bytes);
    }
}
