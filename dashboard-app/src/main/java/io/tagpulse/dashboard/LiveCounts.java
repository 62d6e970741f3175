package io.tagpulse.dashboard;

import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;

/**
 * Reads the counter's count records as the dashboard follows them live. A record the sink would not store (unreadable,
 * a missing field, a tag too long for its tables) is skipped, never retried and never dead-lettered: the sink, which
 * reads the same records, dead-letters it, and the dashboard only shows what the sink can store.
 */
public final class LiveCounts {

    private LiveCounts() {
    }

    /**
     * One batch of records, read.
     *
     * @param counts the valid counts, in record order
     * @param skipped how many records were skipped
     */
    public record Batch(List<HashtagCount> counts, int skipped) {
    }

    /** @return the counts of the record values that are valid, in order, and how many were not */
    public static Batch read(List<byte[]> values) {
        List<HashtagCount> counts = new ArrayList<>(values.size());
        int skipped = 0;
        for (byte[] value : values) {
            try {
                HashtagCount count = TagpulseJson.readCount(value);
                if (count.tag().length() > QueryRules.MAX_TAG_LENGTH
                        || count.display() != null && count.display().length() > QueryRules.MAX_TAG_LENGTH
                        || count.windowEnd().toEpochMilli() <= count.windowStart().toEpochMilli()) {
                    skipped++;
                }
                else {
                    counts.add(count);
                }
            }
            catch (InvalidRecordException ex) {
                skipped++;
            }
        }
        return new Batch(counts, skipped);
    }
}
