package io.tagpulse.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processor's progress on its input, sent on the hashtags topic between the mentions, to every partition, so
 * that the counter can tell when a window can receive no more mentions (see the README, "When a mention is late").
 * A watermark follows, on each partition, every mention it covers: the processor sends it after the mentions of the
 * same poll, in the same Kafka transaction.
 * <p>
 * Its Kafka key is {@code null} and it carries the header {@link #HEADER}, which is how a reader of the hashtags
 * topic tells it from a mention.
 *
 * @param partitions how many partitions the processor's input topic has: the counter waits for word of every one
 * @param eventTimes for each input partition the sender reads and has read posts from: the newest event time (epoch
 *        millis) of the posts read from it so far; every post read from that partition before has been sent on
 * @param idle input partitions the sender reads that have had no posts for the idle timeout while others had some:
 *        they do not hold back the counter's close time until they have posts again
 */
public record Watermark(int partitions, Map<Integer, Long> eventTimes, Set<Integer> idle)
        implements HashtagsTopicRecord {

    /** The header (value {@code 1}) that marks a watermark record on the hashtags topic. */
    public static final String HEADER = "x-tagpulse-watermark";

    public Watermark {
        eventTimes = eventTimes == null ? Map.of() : Map.copyOf(eventTimes);
        idle = idle == null ? Set.of() : Set.copyOf(idle);
    }

    /** @return what makes this watermark invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (partitions < 1) {
            problems.add("field 'partitions' must be at least 1");
        }
        eventTimes.keySet().stream().filter(partition -> partition < 0 || partition >= partitions)
            .forEach(partition -> problems.add("partition " + partition + " in 'eventTimes' is outside 0.."
                    + (partitions - 1)));
        idle.stream().filter(partition -> partition < 0 || partition >= partitions)
            .forEach(partition -> problems.add("partition " + partition + " in 'idle' is outside 0.."
                    + (partitions - 1)));
        return problems;
    }
}
