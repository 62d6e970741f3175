package io.tagpulse.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import io.tagpulse.contracts.InvalidRecordException;

/**
 * One polled batch of records, read and reduced to the rows to store: every record is read and checked on its own
 * (an invalid one is {@linkplain #rejected() rejected} with its reason and does not hold up the others), and the
 * valid ones are collapsed to one row per key by a merge rule ({@link CountBatch} for counts, {@link TrendBatch} for
 * trends).
 *
 * @param <T> the record type
 */
public final class RecordBatch<T> {

    private final List<Row<T>> rows;

    private final List<Rejection> rejected;

    private final int validRecords;

    private RecordBatch(List<Row<T>> rows, List<Rejection> rejected, int validRecords) {
        this.rows = rows;
        this.rejected = rejected;
        this.validRecords = validRecords;
    }

    /**
     * A row to store and the records it stands for.
     *
     * @param value the value to store
     * @param records the positions in the batch of the records collapsed into it, in order
     */
    public record Row<T>(T value, List<Integer> records) {
    }

    /**
     * A record that cannot be stored.
     *
     * @param record its position in the batch
     * @param reason why
     */
    public record Rejection(int record, InvalidRecordException reason) {
    }

    /**
     * @param values the record values, in offset order per partition
     * @param reader reads and checks one record, throwing {@link InvalidRecordException} for one it cannot store
     * @param key the row a record belongs to
     * @param merge the row to keep of the one kept so far (first) and a later record of the same key (second)
     * @return the batch
     */
    public static <T, K> RecordBatch<T> of(List<byte[]> values, Function<byte[], T> reader, Function<T, K> key,
            BinaryOperator<T> merge) {
        Map<K, T> kept = new LinkedHashMap<>();
        Map<K, List<Integer>> positions = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < values.size(); i++) {
            T value;
            try {
                value = reader.apply(values.get(i));
            }
            catch (InvalidRecordException ex) {
                rejected.add(new Rejection(i, ex));
                continue;
            }
            valid++;
            K k = key.apply(value);
            kept.merge(k, value, merge);
            positions.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        }
        List<Row<T>> rows = new ArrayList<>(kept.size());
        kept.forEach((k, value) -> rows.add(new Row<>(value, List.copyOf(positions.get(k)))));
        return new RecordBatch<>(List.copyOf(rows), List.copyOf(rejected), valid);
    }

    /** @return one row per key, in the order the keys first appear */
    public List<Row<T>> rows() {
        return rows;
    }

    /** @return the values to store, one per key */
    public List<T> values() {
        return rows.stream().map(Row::value).toList();
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
