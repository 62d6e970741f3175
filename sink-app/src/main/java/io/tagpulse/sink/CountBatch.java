package io.tagpulse.sink;

import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;

/**
 * A polled batch of count records as {@link RecordBatch rows}: one per key (tag, window start, window size).
 * <p>
 * A count is the running total of its window, so the last record of a key in offset order carries the value to store;
 * the records of one tag share a partition (the tag is the key), so the batch's order is their offset order. The
 * display form is the last non-null one, so that a record from an older producer does not erase it.
 */
public final class CountBatch {

    private CountBatch() {
    }

    private record Key(String tag, long windowStartMs, long windowSizeMs) {
    }

    /** @return the batch of the record values, in offset order per partition */
    public static RecordBatch<HashtagCount> of(List<byte[]> values) {
        return RecordBatch.of(values, CountBatch::read, count -> {
            long start = count.windowStart().toEpochMilli();
            return new Key(count.tag(), start, count.windowEnd().toEpochMilli() - start);
        }, (previous, count) -> count.display() == null && previous.display() != null
                ? new HashtagCount(count.tag(), count.windowStart(), count.windowEnd(), count.count(),
                        previous.display())
                : count);
    }

    private static HashtagCount read(byte[] value) {
        HashtagCount count = TagpulseJson.readCount(value);
        HashtagCountRepository.requireStorable(count);
        return count;
    }
}
