package io.tagpulse.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Utils;

/**
 * A corpus with a story in event time: steady background traffic (the {@link Corpus} posts: eight tags, 17 authors,
 * reposts and tag-less posts the filter drops) over {@code span}, and in it a planted surge of tags no one used
 * before, each carried by {@value #SURGE_AUTHORS} authors, from half to two thirds of the way through (past the
 * trend rules' warm-up even in the first corpus: a trend needs a minute of baseline observed before its short
 * horizon), then silence, so that each surge starts a trend and, a few minutes of event time later, ends it. The event times are compressed
 * into the past, so minutes of them are sent in seconds: the posts go in event-time order ten seconds at a time,
 * shuffled within each ten seconds, so no post is later than the grace allows. One surge tag is planted for each
 * hashtags partition (by the key's murmur2 hash, as the processor's producer places it), so every counter task, on
 * whichever instance, holds a trend.
 */
final class TrendCorpus {

    /** How far the event times run out of order: posts are shuffled within each stretch of this length. */
    static final Duration DISORDER = Duration.ofSeconds(10);

    /** Background posts per {@link #DISORDER}: four a second. */
    private static final int BACKGROUND_POSTS = 40;

    /** Posts of each surge tag. */
    private static final int SURGE_POSTS = 100;

    private static final int SURGE_AUTHORS = 40;

    private final List<String> lines = new ArrayList<>();

    private final List<Corpus.CountedPost> counted = new ArrayList<>();

    private final List<String> surgeTags;

    /** Where in the sending order the surge's posts are. */
    private final List<Integer> surgeLinesSent = new ArrayList<>();

    private final Instant end;

    /**
     * @param seed makes the corpus reproducible
     * @param idPrefix keeps ids and surge tags distinct between corpora (letters and digits)
     * @param from the first event time; {@code from + span} must not be after now
     * @param span a multiple of {@link #DISORDER}
     * @param partitions how many partitions the hashtags topic has: one surge tag each
     */
    TrendCorpus(long seed, String idPrefix, Instant from, Duration span, int partitions) {
        Random random = new Random(seed);
        this.surgeTags = tagsForEachPartition("surge" + idPrefix.replaceAll("[^A-Za-z0-9]", ""), partitions);
        this.end = from.plus(span);
        long stretch = DISORDER.toMillis();
        long stretches = span.toMillis() / stretch;
        Instant surgeFrom = from.plusMillis(span.toMillis() / 2);
        long surgeMillis = span.toMillis() * 2 / 3 - span.toMillis() / 2;
        Map<Long, List<String>> surgeLines = new TreeMap<>();
        Set<String> surge = new HashSet<>();
        int surgePost = 0;
        for (String tag : surgeTags) {
            for (int i = 0; i < SURGE_POSTS; i++) {
                Instant createdAt = surgeFrom.plusMillis((long) (random.nextDouble() * surgeMillis))
                    .truncatedTo(ChronoUnit.MILLIS);
                counted.add(new Corpus.CountedPost(createdAt, List.of(tag)));
                String line = "{\"id\":\"%ss%d\",\"platform\":\"e2e\",\"author\":\"fan%d\",\"language\":\"en\",\"text\":\"all about #%s\",\"createdAt\":\"%s\"}"
                        .formatted(idPrefix, surgePost++, random.nextInt(SURGE_AUTHORS), tag, createdAt);
                surge.add(line);
                surgeLines.computeIfAbsent(Duration.between(from, createdAt).toMillis() / stretch,
                        k -> new ArrayList<>()).add(line);
            }
        }
        for (long s = 0; s < stretches; s++) {
            Corpus background = new Corpus(seed * 1_000 + s, idPrefix + s + "-", from.plusMillis(s * stretch),
                    stretch, BACKGROUND_POSTS, stretch);
            counted.addAll(background.countedPosts());
            List<String> chunk = new ArrayList<>(Arrays.asList(background.ndjson().split("\n")));
            chunk.addAll(surgeLines.getOrDefault(s, List.of()));
            Collections.shuffle(chunk, random);
            for (String line : chunk) {
                if (surge.contains(line)) {
                    surgeLinesSent.add(lines.size());
                }
                lines.add(line);
            }
        }
    }

    /** @return {@code partitions} tags, {@code <stem><n>}, whose keys go to partitions 0 to {@code partitions - 1} */
    static List<String> tagsForEachPartition(String stem, int partitions) {
        String[] tags = new String[partitions];
        int found = 0;
        for (int n = 0; found < partitions; n++) {
            String tag = stem + n;
            int partition = partition(tag, partitions);
            if (tags[partition] == null) {
                tags[partition] = tag;
                found++;
            }
        }
        return List.of(tags);
    }

    /** @return the partition a record keyed by {@code tag} goes to: the Kafka producer's own rule for a keyed record */
    static int partition(String tag, int partitions) {
        return Utils.toPositive(Utils.murmur2(tag.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** @return the corpus as NDJSON batches of at most {@code size} posts, in sending order */
    List<String> batches(int size) {
        return Corpus.batches(lines, size);
    }

    /** @return the posts the pipeline must count, each with its event time and its hashtags as written */
    List<Corpus.CountedPost> countedPosts() {
        return List.copyOf(counted);
    }

    /** @return the planted surge tags, the one of partition {@code p} at index {@code p} */
    List<String> surgeTags() {
        return surgeTags;
    }

    /** @return whether the surge has begun but not finished once the first {@code sent} posts were sent */
    boolean midSurge(int sent) {
        return surgeLinesSent.get(0) < sent && sent <= surgeLinesSent.get(surgeLinesSent.size() - 1);
    }

    /** @return the end of the event times: where the next corpus's may begin */
    Instant end() {
        return end;
    }

    int size() {
        return lines.size();
    }
}
