package io.tagpulse.counter.app;

import java.time.Duration;

import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.window.EmitMode;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

    /** How many tags each trending window lists. */
    @Min(1)
    @Max(1000)
    private int trendTopK = 10;

    /** Weight of the newest window in a tag's exponentially weighted baseline, in (0, 1]. */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    private double trendBaselineWeight = 0.2;

    /** Pseudo-count added to a tag's count and baseline in its trend score, so new tags are not infinitely trending. */
    @DecimalMin(value = "0", inclusive = false)
    private double trendSmoothing = 5;

    /** How many recent windows the global ranking keeps to merge partial rankings that arrive late. */
    @Min(1)
    private int trendRetainedWindows = 60;

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
                trendTopK, trendBaselineWeight, trendSmoothing, trendRetainedWindows);
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

    public int getTrendTopK() {
        return trendTopK;
    }

    public void setTrendTopK(int trendTopK) {
        this.trendTopK = trendTopK;
    }

    public double getTrendBaselineWeight() {
        return trendBaselineWeight;
    }

    public void setTrendBaselineWeight(double trendBaselineWeight) {
        this.trendBaselineWeight = trendBaselineWeight;
    }

    public double getTrendSmoothing() {
        return trendSmoothing;
    }

    public void setTrendSmoothing(double trendSmoothing) {
        this.trendSmoothing = trendSmoothing;
    }

    public int getTrendRetainedWindows() {
        return trendRetainedWindows;
    }

    public void setTrendRetainedWindows(int trendRetainedWindows) {
        this.trendRetainedWindows = trendRetainedWindows;
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
}
