package io.tagpulse.counter.support;

import java.util.Objects;

import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One typed output of a Processor API stage that has several. The stage sends each record to the output it belongs
 * to, by name ({@link ProcessorContext#forward(Record, String)}), and {@link #of} is the stage's child node of that
 * name: the output as a stream of its own type, from there to its sink. A record is routed where it is made, never
 * told apart by its type afterwards.
 *
 * @param <V> the type of the output's values; keys are strings
 */
public final class StageOutput<V> {

    private final String name;

    private final Class<V> type;

    /** @param name the name of the child node, unique in the topology */
    public StageOutput(String name, Class<V> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    public String name() {
        return name;
    }

    /** Sends {@code record} to this output only. */
    public void forward(ProcessorContext<String, Object> context, Record<String, ? extends V> record) {
        context.forward(record, name);
    }

    /** @return this output of the stage whose output stream is {@code stage}, as a stream of its own type */
    public KStream<String, V> of(KStream<String, Object> stage) {
        // The child node the stage forwards to by name; only values of this type are ever forwarded to it.
        return stage.mapValues(type::cast, Named.as(name));
    }
}
