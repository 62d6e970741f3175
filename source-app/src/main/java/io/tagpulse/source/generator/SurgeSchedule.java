package io.tagpulse.source.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.tagpulse.contracts.TrendScope;

/**
 * The generator's plan, computed from its settings, its seed and its start alone, so a test or a benchmark can
 * compute the same plan and compare trends against it. Three recurring series:
 * <ul>
 * <li>surges, from {@code surge-start-after} every {@code surge-every}, cycling through the configured kinds
 * ({@code global}: an existing mid-rank tag; {@code new}: a tag never seen before; {@code language} and
 * {@code platform}: a mid-rank tag in the posts of one language or platform only, never the most common one); each
 * ramps up for {@code surge-ramp} and decays for {@code surge-decay};</li>
 * <li>spam floods, from {@code spam-start-after} every {@code spam-every}, for {@code spam-duration}: one author
 * posting one new tag;</li>
 * <li>the head tag's slow rise: from the start, its rate grows by {@code head-rise} over {@code head-rise-over} and
 * falls back over as long again, over and over.</li>
 * </ul>
 */
public final class SurgeSchedule {

    /** Words new tags are made of (with the surge's number appended, so each is new). */
    private static final List<String> NEW_WORDS = List.of("eclipse", "launchday", "finals", "quake", "premiere",
            "heatwave", "hackathon", "comet", "blackout", "landslide");

    /** Words spam tags are made of (with the flood's number appended). */
    private static final List<String> SPAM_WORDS = List.of("freecoins", "giveaway", "followback", "cheapdeals");

    private final long seed;

    private final Instant start;

    private final List<String> kinds;

    private final Duration surgeStartAfter;

    private final Duration surgeEvery;

    private final Duration surgeRamp;

    private final Duration surgeDecay;

    private final double surgePeakShare;

    private final int minRank;

    private final int maxRank;

    private final WeightedChoice languages;

    private final WeightedChoice platforms;

    private final Duration spamStartAfter;

    private final Duration spamEvery;

    private final Duration spamDuration;

    private final double spamShare;

    private final double headRise;

    private final Duration headRiseOver;

    /**
     * @param settings the generator's settings (valid)
     * @param seed the generator's seed
     * @param start the generator's start
     */
    public SurgeSchedule(GeneratorProperties settings, long seed, Instant start) {
        this.seed = seed;
        this.start = start;
        this.kinds = settings.getSurges().stream().map(kind -> kind.strip().toLowerCase(Locale.ROOT)).toList();
        this.surgeStartAfter = settings.getSurgeStartAfter();
        this.surgeEvery = settings.getSurgeEvery();
        this.surgeRamp = settings.getSurgeRamp();
        this.surgeDecay = settings.getSurgeDecay();
        this.surgePeakShare = settings.getSurgePeakShare();
        this.maxRank = Math.min(settings.getSurgeMaxRank(), settings.getVocabulary() - 1);
        this.minRank = Math.min(settings.getSurgeMinRank(), maxRank);
        this.languages = WeightedChoice.parse(settings.getLanguages());
        this.platforms = WeightedChoice.parse(settings.getPlatforms());
        this.spamStartAfter = settings.getSpamStartAfter();
        this.spamEvery = settings.getSpamEvery();
        this.spamDuration = settings.getSpamDuration();
        this.spamShare = settings.getSpamShare();
        this.headRise = settings.getHeadRise();
        this.headRiseOver = settings.getHeadRiseOver();
    }

    /** @return the events that are on at some time in [from, to), by start (then by kind) */
    public List<Surge> between(Instant from, Instant to) {
        List<Surge> events = new ArrayList<>();
        if (!kinds.isEmpty() && surgePeakShare > 0) {
            collect(events, from, to, surgeStartAfter, surgeEvery, surgeRamp.plus(surgeDecay), this::surge);
        }
        if (spamShare > 0) {
            collect(events, from, to, spamStartAfter, spamEvery, spamDuration, this::spam);
        }
        if (headRise > 0) {
            collect(events, from, to, Duration.ZERO, headRiseOver.multipliedBy(2), headRiseOver.multipliedBy(2),
                    this::slowRise);
        }
        events.sort(Comparator.comparing(Surge::start).thenComparing(Surge::kind));
        return events;
    }

    /** @return the events on at {@code time} */
    public List<Surge> activeAt(Instant time) {
        return between(time, time.plusMillis(1));
    }

    /** @return the generator's start, from which every event is timed */
    public Instant start() {
        return start;
    }

    /** @return the seed the plan is computed from */
    public long seed() {
        return seed;
    }

    private interface Series {
        Surge event(long number, Instant begin);
    }

    private void collect(List<Surge> events, Instant from, Instant to, Duration after, Duration every,
            Duration length, Series series) {
        Instant first = start.plus(after);
        long everyMillis = Math.max(1, every.toMillis());
        long skip = Math.max(0, (Duration.between(first, from).toMillis() - length.toMillis()) / everyMillis);
        for (long n = skip; ; n++) {
            Instant begin = first.plusMillis(n * everyMillis);
            if (!begin.isBefore(to)) {
                return;
            }
            if (begin.plus(length).isAfter(from)) {
                events.add(series.event(n, begin));
            }
        }
    }

    /** The random numbers of one event: the same for a seed, a series and a number, whatever was asked before. */
    private SplittableRandom randomOf(long series, long number) {
        return new SplittableRandom(seed ^ (series * 0x9E3779B97F4A7C15L) ^ (number * 0xC2B2AE3D27D4EB4FL));
    }

    private Surge surge(long number, Instant begin) {
        SplittableRandom random = randomOf(1, number);
        String kind = kinds.get((int) (number % kinds.size()));
        String tag = kind.equals("new") ? NEW_WORDS.get(random.nextInt(NEW_WORDS.size())) + (number + 1)
                : PostGenerator.tagOfRank(midRank(random));
        TrendScope scope = switch (kind) {
            case "language" -> TrendScope.language(lessCommon(languages, random));
            case "platform" -> TrendScope.platform(lessCommon(platforms, random));
            default -> TrendScope.GLOBAL_SCOPE;
        };
        List<String> companions = new ArrayList<>();
        while (companions.size() < 2 && maxRank > minRank + 2) {
            String companion = PostGenerator.tagOfRank(midRank(random));
            if (!companion.equals(tag) && !companions.contains(companion)) {
                companions.add(companion);
            }
        }
        Instant peak = begin.plus(surgeRamp);
        return new Surge(kind.equals("new") ? Surge.Kind.NEW_TAG : Surge.Kind.SURGE, tag, scope, begin, peak,
                peak.plus(surgeDecay), surgePeakShare, companions, null);
    }

    private Surge spam(long number, Instant begin) {
        SplittableRandom random = randomOf(2, number);
        String tag = SPAM_WORDS.get(random.nextInt(SPAM_WORDS.size())) + (number + 1);
        return new Surge(Surge.Kind.SPAM, tag, TrendScope.GLOBAL_SCOPE, begin, begin, begin.plus(spamDuration),
                spamShare, List.of(), "spambot" + (number + 1));
    }

    private Surge slowRise(long number, Instant begin) {
        Instant peak = begin.plus(headRiseOver);
        return new Surge(Surge.Kind.SLOW_RISE, PostGenerator.tagOfRank(0), TrendScope.GLOBAL_SCOPE, begin, peak,
                peak.plus(headRiseOver), headRise, List.of(), null);
    }

    private int midRank(SplittableRandom random) {
        return minRank + random.nextInt(maxRank - minRank + 1);
    }

    /** @return a name of the mix other than its most common one (that one only when it is alone) */
    private static String lessCommon(WeightedChoice mix, SplittableRandom random) {
        List<String> others = mix.names().stream().filter(name -> !name.equals(mix.mostCommon())).toList();
        return others.isEmpty() ? mix.mostCommon() : others.get(random.nextInt(others.size()));
    }
}
