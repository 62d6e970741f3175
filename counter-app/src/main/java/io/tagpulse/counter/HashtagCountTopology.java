package io.tagpulse.counter;

import java.time.Duration;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagMention;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The counting topology: mentions per tag in event-time tumbling windows. Each change of a window's count is
 * emitted as a {@link HashtagCount} carrying the running total, keyed by tag, so the last record of a window is
 * its final count and a consumer that upserts by (tag, window) stays exact.
 */
public final class HashtagCountTopology {

    /** Name of the window store; its changelog topic is {@code <application.id>-hashtag-counts-changelog}. */
    public static final String STORE = "hashtag-counts";

    private HashtagCountTopology() {
    }

    /**
     * Counts the mentions of each tag per window.
     * <p>
     * Mentions must be keyed by their normalized tag, as the processor writes them: grouping by the existing key
     * needs no repartition topic. A mention with a {@code null} key is dropped by Kafka Streams. Window membership
     * follows the record timestamp the stream was consumed with, which for the counter is the mention's event
     * time (see {@link MentionTimestampExtractor}).
     *
     * @param mentions mentions keyed by tag
     * @param windowSize length of the tumbling windows
     * @param grace how long after a window's end, in stream time, a late mention is still counted; later ones are
     *        dropped because the window is closed
     * @return the running count of each (tag, window) whenever it changes, keyed by tag
     */
    public static KStream<String, HashtagCount> build(KStream<String, HashtagMention> mentions, Duration windowSize,
            Duration grace) {
        return mentions
            // Grouping by the existing key repartitions nothing; the serdes are named so that the binder's byte[]
            // defaults can never be picked up.
            .groupByKey(Grouped.with(Serdes.String(), new HashtagMentionSerde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(windowSize, grace))
            .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
            .toStream()
            .map((window, count) -> KeyValue.pair(window.key(), toCount(window.key(), window.window(), count)));
    }

    private static HashtagCount toCount(String tag, Window window, long count) {
        return new HashtagCount(tag, window.startTime(), window.endTime(), count);
    }
}
