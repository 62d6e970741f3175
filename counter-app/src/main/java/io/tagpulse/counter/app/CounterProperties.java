package io.tagpulse.counter.app;

import java.time.Duration;

import java.util.ArrayList;
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
import org.springframework.util.unit.DataSize;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the counter. */
@ConfigurationProperties("tagpulse.counter")
@Validated
public class CounterProperties {

    /** Length of the event-time tumbling (velocity) windows mentions are counted and trended in. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration windowSize = Duration.ofSeconds(1);

    /** How far past a window's end the processor must have read every input partition before the window closes: the disorder allowed within one partition. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration grace = Duration.ofSeconds(10);

    /** Length of the event-time hopping windows also counted (0 for none). */
    @NotNull
    @DurationMin(millis = 0)
    private Duration hopSize = Duration.ofMinutes(1);

    /** How far apart consecutive hopping windows start (at most hop-size). */
    @NotNull
    @DurationMin(millis = 1)
    private Duration hopAdvance = Duration.ofSeconds(10);

    /** When counts are written: UPDATES (each change, coalesced every emit-interval) or FINAL (once, at window close). */
    @NotNull
    private EmitMode emitMode = EmitMode.UPDATES;

    /** In UPDATES mode, how often the windows changed since the last emission are written (0: at every change); a window that ends is written at once. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration emitInterval = Duration.ofSeconds(1);

    /** A mention whose post reached Tagpulse more than this after it was created is late, whatever its window. */
    @NotNull
    @DurationMin(millis = 0)
    private Duration maxDelay = Duration.ofHours(1);

    /** What makes a tag trend and how the trend stage runs ({@code tagpulse.counter.trend.*}). */
    @Valid
    @NotNull
    private Trend trend = new Trend();

    /** Off-heap memory bound of all RocksDB stores of the instance (block cache, memtables, indexes and filters). */
    @NotNull
    private DataSize rocksdbMemory = DataSize.ofMegabytes(64);

    /** Standby replicas of each task's state on other instances, for fast fail-over (Kafka Streams num.standby.replicas). */
    @Min(0)
    private int standbyReplicas = 0;

    /** How often counts are committed, which is when read-committed consumers such as the sink see them (Kafka Streams commit.interval.ms). */
    @NotNull
    @DurationMin(millis = 0)
    private Duration commitInterval = Duration.ofMillis(250);


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

    public Duration getWindowSize() {
        return windowSize;
    }

    public void setWindowSize(Duration windowSize) {
        this.windowSize = windowSize;
    }

    public Duration getGrace() {
        return grace;
    }

    public void setGrace(Duration grace) {
        this.grace = grace;
    }

    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }


    public Duration getHopSize() {
        return hopSize;
    }

    public void setHopSize(Duration hopSize) {
        this.hopSize = hopSize;
    }

    public Duration getHopAdvance() {
        return hopAdvance;
    }

    public void setHopAdvance(Duration hopAdvance) {
        this.hopAdvance = hopAdvance;
    }

    public EmitMode getEmitMode() {
        return emitMode;
    }

    public void setEmitMode(EmitMode emitMode) {
        this.emitMode = emitMode;
    }

    public Duration getEmitInterval() {
        return emitInterval;
    }

    public void setEmitInterval(Duration emitInterval) {
        this.emitInterval = emitInterval;
    }

    public Duration getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public Trend getTrend() {
        return trend;
    }

    public void setTrend(Trend trend) {
        this.trend = trend;
    }

    public DataSize getRocksdbMemory() {
        return rocksdbMemory;
    }

    public void setRocksdbMemory(DataSize rocksdbMemory) {
        this.rocksdbMemory = rocksdbMemory;
    }

    public int getStandbyReplicas() {
        return standbyReplicas;
    }

    public void setStandbyReplicas(int standbyReplicas) {
        this.standbyReplicas = standbyReplicas;
    }

    /** Settings of the trend stage: a tag's short horizon judged against its own baseline, per scope. */
    public static class Trend {

        /** The recent activity that is judged against the tag's baseline. */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration shortHorizon = Duration.ofMinutes(2);

        /** Resolution of the short horizon's mention counts (divides short-horizon). */
        @NotNull
        @DurationMin(millis = 100)
        private Duration bucket = Duration.ofSeconds(10);

        /** Resolution of the short horizon's distinct authors, one sketch (about 1 KB at most) each (divides short-horizon). */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration authorBucket = Duration.ofMinutes(1);

        /** The history a tag's baseline is learned from (at least twice short-horizon). */
        @NotNull
        @DurationMin(seconds = 2)
        private Duration longHorizon = Duration.ofHours(1);

        /** Resolution of that history (divides long-horizon). */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration baselineBucket = Duration.ofMinutes(1);

        /** The least rate any tag is expected at, in mentions per hour: the prior of a tag never seen before. */
        @DecimalMin(value = "0", inclusive = false)
        private double priorRatePerHour = 6;

        /** How much event time must have been observed before anything trends (at most long-horizon minus short-horizon). */
        @NotNull
        @DurationMin(millis = 1)
        private Duration warmUp = Duration.ofMinutes(15);

        /** The fewest mentions in the short horizon that can trend. */
        @Min(1)
        private int minMentions = 10;

        /** The fewest distinct authors in the short horizon that can trend. */
        @Min(1)
        private int minAuthors = 5;

        /** The most mentions one author contributes on average: counted mentions are at most authors times this. */
        @Min(1)
        private int perAuthorCap = 3;

        /** The least ratio of counted to expected mentions that can trend. */
        @DecimalMin("1")
        private double minLift = 2;

        /** The significance (signed-root Poisson likelihood ratio, read like a z-score) a trend needs to start or stay rising or hot. */
        @DecimalMin(value = "0", inclusive = false)
        private double enterScore = 5;

        /** Below this significance a trend ends once end-delay has passed (below enter-score). */
        @DecimalMin("0")
        private double exitScore = 2;

        /** How long a trend stays below exit-score before it ends. */
        @NotNull
        @DurationMin(millis = 1)
        private Duration endDelay = Duration.ofMinutes(1);

        /** How long a trend that no longer qualifies stays cooling before it ends. */
        @NotNull
        @DurationMin(millis = 1)
        private Duration cooldown = Duration.ofMinutes(10);

        /** A qualifying trend whose rate is at least this fraction of its peak is hot. */
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        private double hotFraction = 0.5;

        /** How often, in event time, the candidates are judged and every live trend is written. */
        @NotNull
        @DurationMin(millis = 100)
        private Duration refresh = Duration.ofSeconds(10);

        /** The scopes judged: any of global, language, platform (none: nothing trends). */
        @NotNull
        private List<@Pattern(regexp = "global|language|platform", message = "must be global, language or platform") String> scopes = new ArrayList<>(
                List.of(TrendScope.GLOBAL, TrendScope.LANGUAGE, TrendScope.PLATFORM));

        /** Tags and * patterns that never trend, until the moderation topic has a block list, which replaces this one. */
        @NotNull
        private List<String> blockList = new ArrayList<>();

        /** How many related (co-occurring) tags a trend carries. */
        @Min(0)
        @Max(TrendUpdate.MAX_RELATED)
        private int relatedSize = TrendUpdate.MAX_RELATED;

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
                blockList();
                return true;
            }
            catch (IllegalArgumentException ex) {
                return false;
            }
        }

        private TagBlockList blockList() {
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
            return new TrendSettings(rules, refresh, Set.copyOf(scopes), blockList(), relatedSize);
        }

        public Duration getShortHorizon() {
            return shortHorizon;
        }

        public void setShortHorizon(Duration shortHorizon) {
            this.shortHorizon = shortHorizon;
        }

        public Duration getBucket() {
            return bucket;
        }

        public void setBucket(Duration bucket) {
            this.bucket = bucket;
        }

        public Duration getAuthorBucket() {
            return authorBucket;
        }

        public void setAuthorBucket(Duration authorBucket) {
            this.authorBucket = authorBucket;
        }

        public Duration getLongHorizon() {
            return longHorizon;
        }

        public void setLongHorizon(Duration longHorizon) {
            this.longHorizon = longHorizon;
        }

        public Duration getBaselineBucket() {
            return baselineBucket;
        }

        public void setBaselineBucket(Duration baselineBucket) {
            this.baselineBucket = baselineBucket;
        }

        public double getPriorRatePerHour() {
            return priorRatePerHour;
        }

        public void setPriorRatePerHour(double priorRatePerHour) {
            this.priorRatePerHour = priorRatePerHour;
        }

        public Duration getWarmUp() {
            return warmUp;
        }

        public void setWarmUp(Duration warmUp) {
            this.warmUp = warmUp;
        }

        public int getMinMentions() {
            return minMentions;
        }

        public void setMinMentions(int minMentions) {
            this.minMentions = minMentions;
        }

        public int getMinAuthors() {
            return minAuthors;
        }

        public void setMinAuthors(int minAuthors) {
            this.minAuthors = minAuthors;
        }

        public int getPerAuthorCap() {
            return perAuthorCap;
        }

        public void setPerAuthorCap(int perAuthorCap) {
            this.perAuthorCap = perAuthorCap;
        }

        public double getMinLift() {
            return minLift;
        }

        public void setMinLift(double minLift) {
            this.minLift = minLift;
        }

        public double getEnterScore() {
            return enterScore;
        }

        public void setEnterScore(double enterScore) {
            this.enterScore = enterScore;
        }

        public double getExitScore() {
            return exitScore;
        }

        public void setExitScore(double exitScore) {
            this.exitScore = exitScore;
        }

        public Duration getEndDelay() {
            return endDelay;
        }

        public void setEndDelay(Duration endDelay) {
            this.endDelay = endDelay;
        }

        public Duration getCooldown() {
            return cooldown;
        }

        public void setCooldown(Duration cooldown) {
            this.cooldown = cooldown;
        }

        public double getHotFraction() {
            return hotFraction;
        }

        public void setHotFraction(double hotFraction) {
            this.hotFraction = hotFraction;
        }

        public Duration getRefresh() {
            return refresh;
        }

        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public List<String> getBlockList() {
            return blockList;
        }

        public void setBlockList(List<String> blockList) {
            this.blockList = blockList;
        }

        public int getRelatedSize() {
            return relatedSize;
        }

        public void setRelatedSize(int relatedSize) {
            this.relatedSize = relatedSize;
        }
    }
}
