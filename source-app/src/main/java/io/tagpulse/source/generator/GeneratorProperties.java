package io.tagpulse.source.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** Settings of the synthetic post generator ({@code tagpulse.source.generator.*}). */
public class GeneratorProperties {

    /** Posts per second to generate; 0 generates as fast as Kafka takes them. */
    @DecimalMin("0")
    private double rate = 200;

    /** How many distinct hashtags the generator draws from. */
    @Min(1)
    @Max(10_000_000)
    private int vocabulary = 500;

    /** Skew of hashtag popularity (Zipf exponent): 0 is uniform, 1 is classic Zipf, higher is more skewed. */
    @DecimalMin("0")
    @DecimalMax("10")
    private double zipfExponent = 1.1;

    /** Languages of generated posts, spread evenly. */
    @NotEmpty
    private List<String> languages = new ArrayList<>(List.of("en", "es", "pt", "ja", "de", "fr"));

    /** Each generated post carries between 1 and this many hashtags. */
    @Min(1)
    @Max(100)
    private int maxTagsPerPost = 4;

    /** Seed of the random generator, for reproducible runs; 0 picks a new seed each start. */
    private long seed = 0;

    /** The hashtag that surges periodically, so that a trend appears; empty disables bursts. */
    private String burstTag = "breaking";

    /** Time from start to the first burst. */
    @NotNull
    private Duration burstStartAfter = Duration.ofSeconds(30);

    /** How long each burst lasts. */
    @NotNull
    private Duration burstDuration = Duration.ofSeconds(20);

    /** Time from the start of one burst to the start of the next. */
    @NotNull
    private Duration burstEvery = Duration.ofMinutes(2);

    /** Share of posts (0 to 1) that carry the burst tag during a burst. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double burstShare = 0.3;

    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }

    public int getVocabulary() {
        return vocabulary;
    }

    public void setVocabulary(int vocabulary) {
        this.vocabulary = vocabulary;
    }

    public double getZipfExponent() {
        return zipfExponent;
    }

    public void setZipfExponent(double zipfExponent) {
        this.zipfExponent = zipfExponent;
    }

    public List<String> getLanguages() {
        return languages;
    }

    public void setLanguages(List<String> languages) {
        this.languages = languages;
    }

    public int getMaxTagsPerPost() {
        return maxTagsPerPost;
    }

    public void setMaxTagsPerPost(int maxTagsPerPost) {
        this.maxTagsPerPost = maxTagsPerPost;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    public String getBurstTag() {
        return burstTag;
    }

    public void setBurstTag(String burstTag) {
        this.burstTag = burstTag;
    }

    public Duration getBurstStartAfter() {
        return burstStartAfter;
    }

    public void setBurstStartAfter(Duration burstStartAfter) {
        this.burstStartAfter = burstStartAfter;
    }

    public Duration getBurstDuration() {
        return burstDuration;
    }

    public void setBurstDuration(Duration burstDuration) {
        this.burstDuration = burstDuration;
    }

    public Duration getBurstEvery() {
        return burstEvery;
    }

    public void setBurstEvery(Duration burstEvery) {
        this.burstEvery = burstEvery;
    }

    public double getBurstShare() {
        return burstShare;
    }

    public void setBurstShare(double burstShare) {
        this.burstShare = burstShare;
    }
}
