package io.tagpulse.counter.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.tagpulse.contracts.TagBlockList;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.trend.TrendRules;
import io.tagpulse.counter.trend.TrendSettings;
import io.tagpulse.counter.window.EmitMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the counter.
 *
 * @param windowSize Length of the event-time tumbling (velocity) windows mentions are counted and trended in.
 * @param grace How far past a window's end the processor must have read every input partition before the window closes: the disorder allowed within one partition.
 * @param hopSize Length of the event-time hopping windows also counted (0 for none).
 * @param hopAdvance How far apart consecutive hopping windows start (at most hop-size).
 * @param emitMode When counts are written: UPDATES (each change, coalesced every emit-interval) or FINAL (once, at window close).
 * @param emitInterval In UPDATES mode, how often the windows changed since the last emission are written (0: at every change); a window that ends is written at once.
 * @param maxDelay A mention whose post reached Tagpulse more than this after it was created is late, whatever its window.
 * @param trend What makes a tag trend and how the trend stage runs ({@code tagpulse.counter.trend.*}).
 * @param rocksdbMemory Off-heap memory bound of all RocksDB stores of the instance (block cache, memtables, indexes and filters).
 * @param standbyReplicas Standby replicas of each task's state on other instances, for fast fail-over (Kafka Streams num.standby.replicas).
 * @param commitInterval How often counts are committed, which is when read-committed consumers such as the sink see them (Kafka Streams commit.interval.ms).
 */
@ConfigurationProperties("tagpulse.counter")
@Validated
public record CounterProperties(
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration windowSize,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 0) Duration grace,
        @DefaultValue("1m") @NotNull @DurationMin(millis = 0) Duration hopSize,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration hopAdvance,
        @DefaultValue("updates") @NotNull EmitMode emitMode,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 0) Duration emitInterval,
        @DefaultValue("1h") @NotNull @DurationMin(millis = 0) Duration maxDelay,
        @DefaultValue @Valid @NotNull Trend trend,
        @DefaultValue("64MB") @NotNull DataSize rocksdbMemory,
        @DefaultValue("0") @Min(0) int standbyReplicas,
        @DefaultValue("250ms") @NotNull @DurationMin(millis = 0) Duration commitInterval) {

    @AssertTrue(message = "tagpulse.counter.hop-advance must not exceed tagpulse.counter.hop-size")
    public boolean isHopAdvanceWithinHopSize() {
        return hopSize == null || hopAdvance == null || hopSize.isZero() || hopAdvance.compareTo(hopSize) <= 0;
    }

    @AssertTrue(message = "tagpulse.counter.rocksdb-memory must be at least 1MB")
    public boolean isRocksdbMemoryAtLeastOneMegabyte() {
        return rocksdbMemory == null || rocksdbMemory.toBytes() >= DataSize.ofMegabytes(1).toBytes();
    }

    /** @return these properties as the topology's settings */
    public CounterSettings toSettings() {
        return new CounterSettings(windowSize, hopSize, hopAdvance, grace, emitMode, emitInterval, maxDelay,
                trend.toSettings());
    }

    /**
     * Settings of the trend stage: a tag's short horizon judged against its own baseline, per scope.
     *
     * @param shortHorizon The recent activity that is judged against the tag's baseline.
     * @param bucket Resolution of the short horizon's mention counts (divides short-horizon).
     * @param authorBucket Resolution of the short horizon's distinct authors, one sketch (about 1 KB at most) each (divides short-horizon).
     * @param longHorizon The history a tag's baseline is learned from (at least twice short-horizon).
     * @param baselineBucket Resolution of that history (divides long-horizon).
     * @param priorRatePerHour The least rate any tag is expected at, in mentions per hour: the prior of a tag never seen before.
     * @param warmUp How much event time must have been observed before anything trends (at most long-horizon minus short-horizon).
     * @param minMentions The fewest mentions in the short horizon that can trend.
     * @param minAuthors The fewest distinct authors in the short horizon that can trend.
     * @param perAuthorCap The most mentions one author contributes on average: counted mentions are at most authors times this.
     * @param minLift The least ratio of counted to expected mentions that can trend.
     * @param enterScore The significance (signed-root Poisson likelihood ratio, read like a z-score) a trend needs to start or stay rising or hot.
     * @param exitScore Below this significance a trend ends once end-delay has passed (below enter-score).
     * @param endDelay How long a trend stays below exit-score before it ends.
     * @param cooldown How long a trend that no longer qualifies stays cooling before it ends.
     * @param hotFraction A qualifying trend whose rate is at least this fraction of its peak is hot.
     * @param refresh How often, in event time, the candidates are judged and every live trend is written.
     * @param scopes The scopes judged: any of global, language, platform (none: nothing trends).
     * @param blockList Tags and * patterns that never trend, until the moderation topic has a block list, which replaces this one.
     * @param relatedSize How many related (co-occurring) tags a trend carries.
     */
    public record Trend(
            @DefaultValue("2m") @NotNull @DurationMin(seconds = 1) Duration shortHorizon,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration bucket,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration authorBucket,
            @DefaultValue("1h") @NotNull @DurationMin(seconds = 2) Duration longHorizon,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration baselineBucket,
            @DefaultValue("6") @DecimalMin(value = "0", inclusive = false) double priorRatePerHour,
            @DefaultValue("15m") @NotNull @DurationMin(millis = 1) Duration warmUp,
            @DefaultValue("10") @Min(1) int minMentions,
            @DefaultValue("5") @Min(1) int minAuthors,
            @DefaultValue("3") @Min(1) int perAuthorCap,
            @DefaultValue("2") @DecimalMin("1") double minLift,
            @DefaultValue("5") @DecimalMin(value = "0", inclusive = false) double enterScore,
            @DefaultValue("2") @DecimalMin("0") double exitScore,
            @DefaultValue("1m") @NotNull @DurationMin(millis = 1) Duration endDelay,
            @DefaultValue("10m") @NotNull @DurationMin(millis = 1) Duration cooldown,
            @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double hotFraction,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration refresh,
            @DefaultValue({ TrendScope.GLOBAL, TrendScope.LANGUAGE, TrendScope.PLATFORM }) @NotNull
            List<@Pattern(regexp = "global|language|platform", message = "must be global, language or platform") String> scopes,
            @DefaultValue @NotNull List<String> blockList,
            @DefaultValue("" + TrendUpdate.MAX_RELATED) @Min(0) @Max(TrendUpdate.MAX_RELATED) int relatedSize) {

        @AssertTrue(message = "tagpulse.counter.trend.bucket and author-bucket must divide short-horizon, and "
                + "baseline-bucket must divide long-horizon")
        public boolean isBucketsDivideHorizons() {
            return anyNull(shortHorizon, bucket, authorBucket, longHorizon, baselineBucket)
                    || divides(bucket, shortHorizon) && divides(authorBucket, shortHorizon)
                            && divides(baselineBucket, longHorizon);
        }

        @AssertTrue(message = "tagpulse.counter.trend.long-horizon must be at least twice short-horizon, warm-up at "
                + "most long-horizon minus short-horizon, with at most 3,600 short and 10,080 baseline buckets")
        public boolean isHorizonsConsistent() {
            return anyNull(shortHorizon, bucket, longHorizon, baselineBucket, warmUp) || bucket.isZero()
                    || baselineBucket.isZero()
                    || longHorizon.compareTo(shortHorizon.multipliedBy(2)) >= 0
                            && warmUp.compareTo(longHorizon.minus(shortHorizon)) <= 0
                            && shortHorizon.toMillis() / bucket.toMillis() <= 3_600
                            && longHorizon.toMillis() / baselineBucket.toMillis() <= 10_080;
        }

        @AssertTrue(message = "tagpulse.counter.trend.enter-score must be above exit-score")
        public boolean isEnterAboveExit() {
            return enterScore > exitScore;
        }

        @AssertTrue(message = "tagpulse.counter.trend.block-list entries must be at most 200 characters and no "
                + "pattern may block every tag")
        public boolean isBlockListValid() {
            try {
                tagBlockList();
                return true;
            }
            catch (IllegalArgumentException ex) {
                return false;
            }
        }

        private TagBlockList tagBlockList() {
            return blockList == null ? TagBlockList.empty() : TagBlockList.of(blockList);
        }

        private static boolean anyNull(Duration... durations) {
            return Arrays.stream(durations).anyMatch(Objects::isNull);
        }

        private static boolean divides(Duration part, Duration whole) {
            return part.toMillis() > 0 && whole.toMillis() % part.toMillis() == 0;
        }

        /** @return these properties as the trend stage's settings */
        public TrendSettings toSettings() {
            TrendRules rules = new TrendRules(shortHorizon, bucket, authorBucket, longHorizon, baselineBucket,
                    priorRatePerHour, warmUp, minMentions, minAuthors, perAuthorCap, minLift, enterScore, exitScore,
                    endDelay, cooldown, hotFraction);
            return new TrendSettings(rules, refresh, Set.copyOf(scopes), tagBlockList(), relatedSize);
        }
    }
}
