package io.tagpulse.source.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the synthetic post generator ({@code tagpulse.source.generator.*}): the background traffic (Zipf tags,
 * Zipf-active authors with a language and platform each) and the schedule of events trends are judged by
 * ({@link SurgeSchedule}).
 */
public class GeneratorProperties {

    private static final Set<String> SURGE_KINDS = Set.of("global", "new", "language", "platform");

    /** Posts per second to generate; 0 generates as fast as Kafka takes them. */
    @DecimalMin("0")
    private double rate = 200;

    /** How many distinct hashtags the generator draws from. */
    @Min(1)
    @Max(10_000_000)
    private int vocabulary = 2000;

    /** Skew of hashtag popularity (Zipf exponent): 0 is uniform, 1 is classic Zipf, higher is more skewed. */
    @DecimalMin("0")
    @DecimalMax("10")
    private double zipfExponent = 1.1;

    /** Each generated post carries between 1 and this many hashtags. */
    @Min(1)
    @Max(100)
    private int maxTagsPerPost = 4;

    /** Languages of the authors, as name:weight (a bare name weighs 1). */
    @NotEmpty
    private List<String> languages = new ArrayList<>(List.of("en:45", "ja:20", "pt:12", "es:10", "de:8", "fr:5"));

    /** Platforms the authors post on, as name:weight (a bare name weighs 1). */
    @NotEmpty
    private List<String> platforms = new ArrayList<>(List.of("bluesky:50", "mastodon:30", "x:20"));

    /** How many authors post; each has one language and one platform. */
    @Min(1)
    @Max(10_000_000)
    private int authors = 5000;

    /** Skew of the authors' activity (Zipf exponent): 0 is all equally active. */
    @DecimalMin("0")
    @DecimalMax("10")
    private double authorZipfExponent = 0.7;

    /** Seed of the random generator and of the schedule, for reproducible runs; 0 picks a new seed each start. */
    private long seed = 0;

    /** Kinds of surges, in turn: global, new (a new tag), language or platform (in one only); empty: none. */
    private List<String> surges = new ArrayList<>(List.of("global", "new", "language", "platform"));

    /** Time from start to the first surge: after the counter's warm-up (15 min by default), else it cannot trend. */
    @NotNull
    private Duration surgeStartAfter = Duration.ofMinutes(17);

    /** Time from the start of one surge to the start of the next. */
    @NotNull
    private Duration surgeEvery = Duration.ofMinutes(5);

    /** How long a surge rises to its peak. */
    @NotNull
    private Duration surgeRamp = Duration.ofMinutes(1);

    /** How long a surge decays from its peak to nothing. */
    @NotNull
    private Duration surgeDecay = Duration.ofMinutes(3);

    /** At a surge's peak, the share (0 to 1) of its scope's posts that carry its tag; 0 disables surges. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double surgePeakShare = 0.03;

    /** The most popular rank (0 is the most common tag) a surging existing tag may have. */
    @Min(0)
    private int surgeMinRank = 20;

    /** The least popular rank a surging existing tag may have. */
    @Min(0)
    private int surgeMaxRank = 200;

    /** Time from start to the first spam flood (one author posting one tag, which must not trend). */
    @NotNull
    private Duration spamStartAfter = Duration.ofMinutes(19);

    /** Time from the start of one spam flood to the start of the next. */
    @NotNull
    private Duration spamEvery = Duration.ofMinutes(10);

    /** How long a spam flood lasts. */
    @NotNull
    private Duration spamDuration = Duration.ofMinutes(3);

    /** Share (0 to 1) of all posts that are the spam author's during a flood; 0 disables spam. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double spamShare = 0.01;

    /** How much the most common tag's rate slowly rises (0.3 = 30 %) and falls back (must not trend); 0: none. */
    @DecimalMin("0")
    @DecimalMax("10")
    private double headRise = 0.3;

    /** How long the most common tag's rise takes (and its fall as long again). */
    @NotNull
    private Duration headRiseOver = Duration.ofHours(1);

    /** Cross-field rule: the language and platform mixes are name:weight lists. */
    @AssertTrue(message = "tagpulse.source.generator.languages and platforms must be lists of name:weight with unique"
            + " names and positive weights, e.g. en:45,ja:20")
    public boolean isMixesValid() {
        try {
            WeightedChoice.parse(languages);
            WeightedChoice.parse(platforms);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /** Cross-field rule: known surge kinds. */
    @AssertTrue(message = "tagpulse.source.generator.surges takes global, new, language and platform")
    public boolean isSurgeKindsValid() {
        return surges != null
                && surges.stream().allMatch(kind -> SURGE_KINDS.contains(kind.strip().toLowerCase(Locale.ROOT)));
    }

    /** Cross-field rule: the schedule's times. */
    @AssertTrue(message = "tagpulse.source.generator.surge-every, surge-ramp, surge-decay, spam-every, spam-duration"
            + " and head-rise-over must be positive, surge-start-after and spam-start-after not negative, and"
            + " surge-min-rank at most surge-max-rank")
    public boolean isScheduleValid() {
        for (Duration positive : new Duration[] {surgeEvery, surgeRamp, surgeDecay, spamEvery, spamDuration,
                headRiseOver}) {
            if (positive == null || positive.isNegative() || positive.isZero()) {
                return false;
            }
        }
        return surgeStartAfter != null && !surgeStartAfter.isNegative() && spamStartAfter != null
                && !spamStartAfter.isNegative() && surgeMinRank <= surgeMaxRank;
    }

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

    public int getMaxTagsPerPost() {
        return maxTagsPerPost;
    }

    public void setMaxTagsPerPost(int maxTagsPerPost) {
        this.maxTagsPerPost = maxTagsPerPost;
    }

    public List<String> getLanguages() {
        return languages;
    }

    public void setLanguages(List<String> languages) {
        this.languages = languages;
    }

    public List<String> getPlatforms() {
        return platforms;
    }

    public void setPlatforms(List<String> platforms) {
        this.platforms = platforms;
    }

    public int getAuthors() {
        return authors;
    }

    public void setAuthors(int authors) {
        this.authors = authors;
    }

    public double getAuthorZipfExponent() {
        return authorZipfExponent;
    }

    public void setAuthorZipfExponent(double authorZipfExponent) {
        this.authorZipfExponent = authorZipfExponent;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    public List<String> getSurges() {
        return surges;
    }

    public void setSurges(List<String> surges) {
        this.surges = surges;
    }

    public Duration getSurgeStartAfter() {
        return surgeStartAfter;
    }

    public void setSurgeStartAfter(Duration surgeStartAfter) {
        this.surgeStartAfter = surgeStartAfter;
    }

    public Duration getSurgeEvery() {
        return surgeEvery;
    }

    public void setSurgeEvery(Duration surgeEvery) {
        this.surgeEvery = surgeEvery;
    }

    public Duration getSurgeRamp() {
        return surgeRamp;
    }

    public void setSurgeRamp(Duration surgeRamp) {
        this.surgeRamp = surgeRamp;
    }

    public Duration getSurgeDecay() {
        return surgeDecay;
    }

    public void setSurgeDecay(Duration surgeDecay) {
        this.surgeDecay = surgeDecay;
    }

    public double getSurgePeakShare() {
        return surgePeakShare;
    }

    public void setSurgePeakShare(double surgePeakShare) {
        this.surgePeakShare = surgePeakShare;
    }

    public int getSurgeMinRank() {
        return surgeMinRank;
    }

    public void setSurgeMinRank(int surgeMinRank) {
        this.surgeMinRank = surgeMinRank;
    }

    public int getSurgeMaxRank() {
        return surgeMaxRank;
    }

    public void setSurgeMaxRank(int surgeMaxRank) {
        this.surgeMaxRank = surgeMaxRank;
    }

    public Duration getSpamStartAfter() {
        return spamStartAfter;
    }

    public void setSpamStartAfter(Duration spamStartAfter) {
        this.spamStartAfter = spamStartAfter;
    }

    public Duration getSpamEvery() {
        return spamEvery;
    }

    public void setSpamEvery(Duration spamEvery) {
        this.spamEvery = spamEvery;
    }

    public Duration getSpamDuration() {
        return spamDuration;
    }

    public void setSpamDuration(Duration spamDuration) {
        this.spamDuration = spamDuration;
    }

    public double getSpamShare() {
        return spamShare;
    }

    public void setSpamShare(double spamShare) {
        this.spamShare = spamShare;
    }

    public double getHeadRise() {
        return headRise;
    }

    public void setHeadRise(double headRise) {
        this.headRise = headRise;
    }

    public Duration getHeadRiseOver() {
        return headRiseOver;
    }

    public void setHeadRiseOver(Duration headRiseOver) {
        this.headRiseOver = headRiseOver;
    }
}
