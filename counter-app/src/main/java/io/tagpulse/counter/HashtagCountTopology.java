package io.tagpulse.counter;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.HashtagsTopicRecord;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.trend.TrendStageProcessor;
import io.tagpulse.counter.window.CountEmitProcessor;
import io.tagpulse.counter.window.LateMentionsProcessor;
import io.tagpulse.counter.window.LateRule;
import io.tagpulse.counter.window.WatermarkClockProcessor;
import io.tagpulse.counter.window.WindowCountProcessor;
import io.tagpulse.counter.window.WindowGrid;
import io.tagpulse.counter.window.WindowInput;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The counter's topology: its stages, wired. What is computed (counts per tag per window, trend scores, the top K),
 * where in event time (tumbling velocity windows and optional hopping windows, closed by the upstream watermarks
 * with grace), when it is emitted ({@link io.tagpulse.counter.window.EmitMode}) and how refinements relate (a later
 * count of a window replaces the earlier one; a later ranking of a window replaces the earlier one).
 * <pre>
 * hashtags ─▶ watermark-clock ─┬▶ count-window-tallies ─────────▶ emit-window-tallies ─────────┬▶ counts
 *                              └▶ count-window-tallies-hopping ─▶ emit-window-tallies-hopping ─┘
 * count-* (late mentions of both sizes) ─▶ late-mentions ─▶ late
 * watermark-clock ─▶ trend-stage (reads the moderation global table) ─▶ trends
 * </pre>
 * Everything runs in the task of the input partition, with no repartitioning: the input is keyed by tag, so N
 * instances split the partitions, each tag's windows and each tag's trends in every scope live in exactly one task,
 * and the counts are those of one instance. The trend stage is driven by the same clock as the windows
 * ({@link TrendStageProcessor}).
 */
public final class HashtagCountTopology {

    /**
     * Name of the store of the open tumbling windows' tallies; its changelog topic is
     * {@code <application.id>-window-tallies-changelog}.
     */
    public static final String STORE = "window-tallies";

    /** Name of the store of the open hopping windows' tallies. */
    public static final String HOPPING_STORE = "window-tallies-hopping";

    private HashtagCountTopology() {
    }

    /**
     * The three output streams.
     *
     * @param counts running or final counts per tag and window, keyed by tag (both window sizes)
     * @param late mentions that missed a closed window, keyed by tag
     * @param trends each live trend at every refresh and once more when it ends, keyed {@code <scope>|<tag>}
     */
    public record CounterStreams(KStream<String, HashtagCount> counts, KStream<String, LateMention> late,
            KStream<String, TrendUpdate> trends) {
    }

    /**
     * Builds the topology on the hashtags topic: the mentions, keyed by their normalized tag, with their posts'
     * arrival times as record timestamps, and the processor's watermarks between them. A mention with a {@code null}
     * key is dropped.
     *
     * @param moderation the moderation topic as a global table, materialized under a store name (the trend stage
     *        reads its store), or {@code null} to go by the configured block list only
     */
    public static CounterStreams build(KStream<String, HashtagsTopicRecord> mentions,
            GlobalKTable<String, ModerationDecision> moderation, CounterSettings settings) {
        return build(mentions, moderation, settings, WindowCountProcessor.MAX_OPEN_TALLIES);
    }

    /** As {@link #build(KStream, GlobalKTable, CounterSettings)}, keeping at most {@code maxOpenTallies} per task and size. */
    static CounterStreams build(KStream<String, HashtagsTopicRecord> mentions,
            GlobalKTable<String, ModerationDecision> moderation, CounterSettings settings, int maxOpenTallies) {
        String moderationStore = moderation == null ? null : moderation.queryableStoreName();
        if (moderation != null && moderationStore == null) {
            throw new IllegalArgumentException("the moderation global table must be materialized under a store name");
        }
        LateRule rule = new LateRule(settings.grace().toMillis(), settings.maxDelay().toMillis());
        KStream<String, WindowInput> timed = mentions.process(WatermarkClockProcessor.supplier(rule),
                Named.as("watermark-clock"));
        WindowCountProcessor.Stage velocity = new WindowCountProcessor.Stage(STORE,
                WindowGrid.tumbling(settings.windowSize().toMillis()), rule, maxOpenTallies, false);
        KStream<String, Object> velocityCounted = count(timed, velocity);
        KStream<String, HashtagCount> counts = emit(velocityCounted, velocity, settings);
        KStream<String, LateMention> late = velocity.late().of(velocityCounted);
        if (settings.hasHopping()) {
            WindowCountProcessor.Stage hopping = new WindowCountProcessor.Stage(HOPPING_STORE,
                    new WindowGrid(settings.hopSize().toMillis(), settings.hopAdvance().toMillis()), rule,
                    maxOpenTallies, false);
            KStream<String, Object> hoppingCounted = count(timed, hopping);
            counts = counts.merge(emit(hoppingCounted, hopping, settings), Named.as("counts"));
            late = late.merge(hopping.late().of(hoppingCounted), Named.as("late"));
        }
        return new CounterStreams(counts,
                late.processValues(LateMentionsProcessor::new, Named.as("late-mentions")),
                timed.process(TrendStageProcessor.supplier(settings.trend(), moderationStore),
                        Named.as("trend-stage")));
    }

    /** Counts one window size, in the order of the input; its closes are kept in the clock's store. */
    private static KStream<String, Object> count(KStream<String, WindowInput> timed,
            WindowCountProcessor.Stage size) {
        return timed.process(size, Named.as("count-" + size.store()), WatermarkClockProcessor.STORE);
    }

    /** Emits one window size's counts; coalesced updates read its tally store after a (re)initialization. */
    private static KStream<String, HashtagCount> emit(KStream<String, Object> counted,
            WindowCountProcessor.Stage size, CounterSettings settings) {
        CountEmitProcessor.Stage emit = new CountEmitProcessor.Stage(size.grid(), settings.emitMode(),
                settings.emitInterval(), size.store());
        return size.events().of(counted).process(emit, Named.as("emit-" + size.store()),
                emit.coalesced() ? new String[] { size.store() } : new String[0]);
    }
}
