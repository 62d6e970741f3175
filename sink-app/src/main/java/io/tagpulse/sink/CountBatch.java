package io.tagpulse.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;

/**
 * One polled batch of count records, read and reduced to the rows to store: every record is parsed and checked on
 * its own (an invalid one is {@linkplain #rejected() rejected} with its reason and does not hold up the others), and
 * the valid ones are collapsed to one row per key (tag, window start, window size).
 * <p>
 * A count is the running total of its window, so the last record of a key in offset order carries the value to store;
 * the records of one tag share a partition (the tag is the key), so the batch's order is their offset order. The
 * display form is the last non-null one, so that a record from an older producer does not erase it.
 */
public final class CountBatch {

    private final List<Row> rows;

    private final List<Rejection> rejected;

    private final int validRecords;

    private CountBatch(List<Row> rows, List<Rejection> rejected, int validRecords) {
        this.rows = rows;
        this.rejected = rejected;
        this.validRecords = validRecords;
    }

    /**
     * A row to store and the records it stands for.
     *
     * @param count the count to store
     * @param records the positions in the batch of the records collapsed into it, in order
     */
    public record Row(HashtagCount count, List<Integer> records) {
    }

    /**
     * A record that cannot be stored.
     *
     * @param record its position in the batch
     * @param reason why
     */
    public record Rejection(int record, InvalidRecordException reason) {
    }

    private record Key(String tag, long windowStartMs, long windowSizeMs) {
    }

    /** @return the batch of the record values, in offset order per partition */
    public static CountBatch of(List<byte[]> values) {
        Map<Key, HashtagCount> latest = new LinkedHashMap<>();
        Map<Key, List<Integer>> positions = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < values.size(); i++) {
            HashtagCount count;
            try {
                count = TagpulseJson.readCount(values.get(i));
                HashtagCountRepository.requireStorable(count);
            }
            catch (InvalidRecordException ex) {
                rejected.add(new Rejection(i, ex));
                continue;
            }
            valid++;
            long start = count.windowStart().toEpochMilli();
            Key key = new Key(count.tag(), start, count.windowEnd().toEpochMilli() - start);
            HashtagCount previous = latest.get(key);
            if (previous != null && count.display() == null && previous.display() != null) {
                count = new HashtagCount(count.tag(), count.windowStart(), count.windowEnd(), count.count(),
                        previous.display());
            }
            latest.put(key, count);
            positions.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<Row> rows = new ArrayList<>(latest.size());
        latest.forEach((key, count) -> rows.add(new Row(count, List.copyOf(positions.get(key)))));
        return new CountBatch(List.copyOf(rows), List.copyOf(rejected), valid);
    }

    /** @return one row per key, in the order the keys first appear */
    public List<Row> rows() {
        return rows;
    }

    /** @return the counts to store, one per key */
    public List<HashtagCount> counts() {
        return rows.stream().map(Row::count).toList();
    }

    /** @return the records that cannot be stored, in batch order */
    public List<Rejection> rejected() {
        return rejected;
    }

    /** @return how many records were valid (before collapsing) */
    public int validRecords() {
        return validRecords;
    }
}
