package io.tagpulse.sink.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.sink.ReceivedRecord;
import io.tagpulse.sink.RecordBatch;
import io.tagpulse.sink.app.StoreErrorHandling.Failure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stores one polled batch (counts or trends): the valid records, collapsed to one row per key, in one JDBC batch in
 * one transaction; then the invalid ones go to the dead-letter topic, one by one with their reasons. Only when this
 * returns does the listener container commit the batch's offsets, so a crash before that redelivers the batch and the
 * idempotent upsert stores the same rows again.
 * <p>
 * A database failure is thrown back (the container retries the whole batch without limit, see
 * {@link StoreErrorHandling}); nothing has been dead-lettered by then, so a retry sends no duplicates. When the
 * database refuses the batch for another reason (a row it cannot hold), the rows are stored one by one and only the
 * records of the refused ones are dead-lettered.
 *
 * @param <T> the record type
 */
class BatchWriter<T> {

    private static final Log logger = LogFactory.getLog(BatchWriter.class);

    private final Function<List<byte[]>, RecordBatch<T>> reader;

    private final Consumer<List<T>> repository;

    private final TransactionOperations transactions;

    private final DeadLetters deadLetters;

    private final Counter stored;

    private final Counter invalid;

    /**
     * @param reader reads a batch's values ({@code CountBatch::of}, {@code TrendBatch::of})
     * @param repository upserts rows
     * @param metric the counter of records, tagged {@code outcome=stored|invalid}
     */
    BatchWriter(Function<List<byte[]>, RecordBatch<T>> reader, Consumer<List<T>> repository,
            TransactionOperations transactions, DeadLetters deadLetters, MeterRegistry registry, String metric) {
        this.reader = reader;
        this.repository = repository;
        this.transactions = transactions;
        this.deadLetters = deadLetters;
        this.stored = registry.counter(metric, "outcome", "stored");
        this.invalid = registry.counter(metric, "outcome", "invalid");
    }

    /** Where the sink sends records it cannot store. */
    interface DeadLetters {

        /** Publishes the record with the reason, and returns once the broker has it. */
        void send(ReceivedRecord record, Exception reason);
    }

    void write(List<ReceivedRecord> records) {
        RecordBatch<T> batch = reader.apply(records.stream().map(ReceivedRecord::value).toList());
        List<RecordBatch.Rejection> rejected = new ArrayList<>(batch.rejected());
        int refusedRecords = 0;
        try {
            store(batch.values());
        }
        catch (RuntimeException ex) {
            if (StoreErrorHandling.classify(ex) == Failure.DATABASE) {
                throw ex;
            }
            logger.warn("Storing a batch of " + batch.rows().size() + " rows failed (" + ex.getMessage()
                    + "); storing them one by one");
            for (RecordBatch.Row<T> row : batch.rows()) {
                try {
                    store(List.of(row.value()));
                }
                catch (RuntimeException rowFailure) {
                    if (StoreErrorHandling.classify(rowFailure) == Failure.DATABASE) {
                        throw rowFailure;
                    }
                    InvalidRecordException reason = new InvalidRecordException("the database refused "
                            + row.value() + ": " + StoreErrorHandling.reason(rowFailure).getMessage(), rowFailure);
                    row.records().forEach(index -> rejected.add(new RecordBatch.Rejection(index, reason)));
                    refusedRecords += row.records().size();
                }
            }
        }
        rejected.sort(Comparator.comparingInt(RecordBatch.Rejection::record));
        for (RecordBatch.Rejection rejection : rejected) {
            ReceivedRecord record = records.get(rejection.record());
            logger.warn("Rejected " + record.origin() + ": " + rejection.reason().getMessage());
            deadLetters.send(record, rejection.reason());
        }
        stored.increment(batch.validRecords() - refusedRecords);
        invalid.increment(rejected.size());
    }

    private void store(List<T> values) {
        if (!values.isEmpty()) {
            transactions.executeWithoutResult(status -> repository.accept(values));
        }
    }
}
