package io.tagpulse.counter.trend;

import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.counter.support.JsonSerde;
import io.tagpulse.counter.window.ClosedWindow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The trending, in one place: from the closed velocity windows of every task to the global top K of each window
 * by trend score ({@link TrendScore}), in two phases (Storm's rolling top words). Phase one, in each task, ranks the
 * task's tags ({@link PartialRankingProcessor}); phase two, in a single task reached through the one-partition
 * repartition topic {@code <application.id>-trend-partials-repartition}, merges the partial rankings of a window
 * into the global ranking ({@link TrendRankingProcessor}) each time a partition reports.
 */
public final class TrendTopology {

    private TrendTopology() {
    }

    /**
     * @param closedVelocityWindows each closed velocity window with its tallies, keyed by window start, from every
     *        task of the counting
     * @return the top tags of each velocity window, keyed by window start (ISO-8601); a later ranking of a window
     *         replaces the earlier one
     */
    public static KStream<String, TrendingTags> build(KStream<String, ClosedWindow> closedVelocityWindows,
            TrendSettings settings) {
        return closedVelocityWindows
            .processValues(PartialRankingProcessor.supplier(settings), Named.as("rank-partition"))
            // Phase two needs every partition's partial ranking in one place: one partition.
            .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(PartialRanking.class))
                .withName("trend-partials")
                .withNumberOfPartitions(1))
            .process(TrendRankingProcessor.supplier(settings), Named.as("rank-trends"));
    }
}
