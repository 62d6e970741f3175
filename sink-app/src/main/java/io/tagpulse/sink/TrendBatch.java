package io.tagpulse.sink;

import java.util.List;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;

/**
 * A polled batch of trend records as {@link RecordBatch rows}: one per trend id, the one that judges the latest
 * moment ({@code asOf}; on a tie the later record). The store applies the same rule against the stored row, so the
 * batch only saves statements.
 */
public final class TrendBatch {

    private TrendBatch() {
    }

    /** @return the batch of the record values, in offset order per partition */
    public static RecordBatch<TrendUpdate> of(List<byte[]> values) {
        return RecordBatch.of(values, TrendBatch::read, TrendUpdate::trendId,
                (kept, later) -> later.asOf().isBefore(kept.asOf()) ? kept : later);
    }

    private static TrendUpdate read(byte[] value) {
        TrendUpdate trend = TagpulseJson.readTrend(value);
        TrendRepository.requireStorable(trend);
        return trend;
    }
}
