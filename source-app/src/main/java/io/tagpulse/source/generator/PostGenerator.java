package io.tagpulse.source.generator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.source.PacedSource;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic posts like real traffic: hashtags drawn from a Zipf distribution over a vocabulary, written by a
 * population of Zipf-active authors ({@link Authors}, each with a language and a platform), plus the events of a
 * {@link SurgeSchedule}: surges carried by many authors, spam floods by one, the head tag's slow rise. Each event is
 * logged when it starts. Deterministic for a given seed and sequence of clock readings. Not thread-safe.
 */
public class PostGenerator {

    private static final Logger log = LoggerFactory.getLogger(PostGenerator.class);

    private static final List<String> WORDS = List.of("music", "news", "sports", "tech", "art", "travel", "food",
            "photography", "gaming", "science", "politics", "weather", "football", "movies", "books", "fashion",
            "health", "climate", "ai", "java", "kafka", "crypto", "space", "nature", "cats", "dogs", "coffee",
            "running", "design", "history", "cinema", "jazz", "poetry", "startup", "opensource", "linux", "economy",
            "education", "festival");

    private static final List<String> FILLERS = List.of("today", "look at this", "thoughts on", "loving",
            "can't stop thinking about", "new post about", "breaking:", "morning", "weekend");

    /** How far ahead the events on are looked up at once. */
    private static final Duration LOOKAHEAD = Duration.ofSeconds(1);

    private final RandomGenerator random;

    private final ZipfSampler sampler;

    private final Authors authors;

    private final WeightedChoice languages;

    private final WeightedChoice platforms;

    private final int maxTagsPerPost;

    private final SurgeSchedule schedule;

    /** The share of posts that carry the head tag without its rise: what the rise is a share of. */
    private final double headShare;

    private final String idPrefix;

    private long sequence;

    private List<Surge> events = List.of();

    private Instant eventsFrom = Instant.MAX;

    private Instant eventsUntil = Instant.MIN;

    private Instant announcedUntil;

    /**
     * @param random the source of randomness (seeded for reproducible runs)
     * @param settings the vocabulary, the mixes, the authors (valid settings)
     * @param schedule the events to add to the background traffic
     */
    public PostGenerator(RandomGenerator random, GeneratorProperties settings, SurgeSchedule schedule) {
        this.random = random;
        this.sampler = new ZipfSampler(settings.getVocabulary(), settings.getZipfExponent());
        this.languages = WeightedChoice.parse(settings.getLanguages());
        this.platforms = WeightedChoice.parse(settings.getPlatforms());
        this.authors = new Authors(settings.getAuthors(), settings.getAuthorZipfExponent(), languages, platforms);
        this.maxTagsPerPost = settings.getMaxTagsPerPost();
        this.schedule = schedule;
        this.headShare = shareOfRankZero(sampler.probability(0), maxTagsPerPost);
        this.idPrefix = "gen-" + schedule.start().toEpochMilli() + "-";
        this.announcedUntil = schedule.start();
    }

    /**
     * @return the plan of a generator with these settings starting now: its seed is the configured one, or a new one
     *     when that is 0 (logged, with the start, so the run can be repeated and its plan computed again)
     */
    public static SurgeSchedule schedule(GeneratorProperties settings, Clock clock) {
        long seed = settings.getSeed() != 0 ? settings.getSeed() : new Random().nextLong();
        SurgeSchedule schedule = new SurgeSchedule(settings, seed, clock.instant());
        log.info("Generator seed {}, start {} (set tagpulse.source.generator.seed to repeat this run; the schedule is"
                + " new SurgeSchedule(settings, seed, start)); each event is logged when it starts", seed,
                schedule.start());
        return schedule;
    }

    /** @return the generator source of a plan: posts created at the clock's time, at the configured rate */
    public static PostSource source(GeneratorProperties settings, SurgeSchedule schedule, Clock clock) {
        PostGenerator generator = new PostGenerator(new Random(schedule.seed()), settings, schedule);
        return new PacedSource("generator", () -> generator.next(clock.instant()), settings.getRate());
    }

    /** @return the next post, created at {@code now} */
    public Post next(Instant now) {
        refreshEvents(now);
        for (Surge event : events) {
            if (event.kind() == Surge.Kind.SPAM && random.nextDouble() < event.peakShare() * event.intensityAt(now)) {
                return post(event.author(), languages.mostCommon(), platforms.mostCommon(), Set.of(event.tag()), now);
            }
        }
        Authors.Author author = authors.draw(random);
        int tagCount = 1 + random.nextInt(maxTagsPerPost);
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < tagCount; i++) {
            tags.add(tagOfRank(sampler.sample(random)));
        }
        for (Surge event : events) {
            double intensity = event.intensityAt(now);
            if (event.kind() == Surge.Kind.SLOW_RISE) {
                // Of the posts without it, so many more carry it that its share grows by peakShare x intensity.
                if (random.nextDouble() < headShare * event.peakShare() * intensity / (1 - headShare)) {
                    tags.add(event.tag());
                }
            }
            else if (event.shouldTrend() && inScope(event.scope(), author)
                    && random.nextDouble() < event.peakShare() * intensity) {
                tags.add(event.tag());
                event.companions().stream().filter(companion -> random.nextBoolean()).forEach(tags::add);
            }
        }
        return post(author.handle(), author.language(), author.platform(), tags, now);
    }

    /** @return the share of posts with 1..maxTags (evenly) drawn tags that draw rank 0 at least once */
    private static double shareOfRankZero(double probability, int maxTags) {
        double share = 0;
        for (int tags = 1; tags <= maxTags; tags++) {
            share += 1 - Math.pow(1 - probability, tags);
        }
        return share / maxTags;
    }

    private static boolean inScope(TrendScope scope, Authors.Author author) {
        return switch (scope.kind()) {
            case TrendScope.LANGUAGE -> scope.value().equals(TrendScope.language(author.language()).value());
            case TrendScope.PLATFORM -> scope.value().equals(TrendScope.platform(author.platform()).value());
            default -> true;
        };
    }

    private Post post(String author, String language, String platform, Set<String> tags, Instant now) {
        StringBuilder text = new StringBuilder(FILLERS.get(random.nextInt(FILLERS.size())));
        for (String tag : tags) {
            text.append(' ').append('#').append(random.nextInt(8) == 0 ? capitalize(tag) : tag);
        }
        long n = sequence++;
        return new Post(idPrefix + n, platform, author, language, text.toString(), now, null);
    }

    /** Looks up the events on in the next second (their intensity is 0 outside them) and logs those that start. */
    private void refreshEvents(Instant now) {
        if (now.isBefore(eventsUntil) && !now.isBefore(eventsFrom)) {
            return;
        }
        eventsFrom = now;
        eventsUntil = now.plus(LOOKAHEAD);
        events = schedule.between(now, eventsUntil);
        if (eventsUntil.isAfter(announcedUntil)) {
            Instant from = announcedUntil;
            schedule.between(from, eventsUntil).stream()
                .filter(event -> !event.start().isBefore(from))
                .forEach(event -> log.info("Generator event: {}", event.describe()));
            announcedUntil = eventsUntil;
        }
    }

    /** @return the tag at a popularity rank: real-looking words first, then numbered topics */
    public static String tagOfRank(int rank) {
        return rank < WORDS.size() ? WORDS.get(rank) : "topic" + rank;
    }

    private static String capitalize(String tag) {
        return Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }
}
