package io.tagpulse.sink.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.sink.CountBatch;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.ReceivedRecord;
import io.tagpulse.sink.app.StoreErrorHandling.Failure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stores one polled batch of counts: the valid records, collapsed to one row per window, in one JDBC batch in one
 * transaction; then the invalid ones go to the dead-letter topic, one by one with their reasons. Only when this
 * returns does the listener container commit the batch's offsets, so a crash before that redelivers the batch and the
 * idempotent upsert stores the same rows again.
 * <p>
 * A database failure is thrown back (the container retries the whole batch without limit, see
 * {@link StoreErrorHandling}); nothing has been dead-lettered by then, so a retry sends no duplicates. When the
 * database refuses the batch for another reason (a row it cannot hold), the rows are stored one by one and only the
 * records of the refused ones are dead-lettered.
 */
class CountBatchWriter {

    private static final Log logger = LogFactory.getLog(CountBatchWriter.class);

    private final HashtagCountRepository repository;

    private final TransactionOperations transactions;

    private final DeadLetters deadLetters;

    private final Counter stored;

    private final Counter invalid;

    CountBatchWriter(HashtagCountRepository repository, TransactionOperations transactions, DeadLetters deadLetters,
            MeterRegistry registry) {
        this.repository = repository;
        this.transactions = transactions;
        this.deadLetters = deadLetters;
        this.stored = registry.counter(SinkApplication.COUNTS_METRIC, "outcome", "stored");
        this.invalid = registry.counter(SinkApplication.COUNTS_METRIC, "outcome", "invalid");
    }

    /** Where the sink sends records it cannot store. */
    interface DeadLetters {

        /** Publishes the record with the reason, and returns once the broker has it. */
        void send(ReceivedRecord record, Exception reason);
    }

    void write(List<ReceivedRecord> records) {
        CountBatch batch = CountBatch.of(records.stream().map(ReceivedRecord::value).toList());
        List<CountBatch.Rejection> rejected = new ArrayList<>(batch.rejected());
        int refusedRecords = 0;
        try {
            store(batch.counts());
        }
        catch (RuntimeException ex) {
            if (StoreErrorHandling.classify(ex) == Failure.DATABASE) {
                throw ex;
            }
            logger.warn("Storing a batch of " + batch.rows().size() + " counts failed (" + ex.getMessage()
                    + "); storing them one by one");
            for (CountBatch.Row row : batch.rows()) {
                try {
                    store(List.of(row.count()));
                }
                catch (RuntimeException rowFailure) {
                    if (StoreErrorHandling.classify(rowFailure) == Failure.DATABASE) {
                        throw rowFailure;
                    }
                    InvalidRecordException reason = new InvalidRecordException("the database refused HashtagCount "
                            + row.count() + ": " + StoreErrorHandling.reason(rowFailure).getMessage(), rowFailure);
                    row.records().forEach(index -> rejected.add(new CountBatch.Rejection(index, reason)));
                    refusedRecords += row.records().size();
                }
            }
        }
        rejected.sort(Comparator.comparingInt(CountBatch.Rejection::record));
        for (CountBatch.Rejection rejection : rejected) {
            ReceivedRecord record = records.get(rejection.record());
            logger.warn("Rejected " + record.origin() + ": " + rejection.reason().getMessage());
            deadLetters.send(record, rejection.reason());
        }
        stored.increment(batch.validRecords() - refusedRecords);
        invalid.increment(rejected.size());
    }

    private void store(List<HashtagCount> counts) {
        if (!counts.isEmpty()) {
            transactions.executeWithoutResult(status -> repository.upsert(counts));
        }
    }
}
