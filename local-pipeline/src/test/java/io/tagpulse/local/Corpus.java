package io.tagpulse.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fixed corpus of posts with known event times, sent in shuffled order, and the counts it must produce,
 * computed here from the corpus's own definition (not with the pipeline's code). Shared with the Data Flow
 * integration test through this module's test jar.
 */
public final class Corpus {

    private static final List<String> TAGS = List.of("java", "kafka", "streams", "spring", "flow", "data", "cloud",
            "events");

    private final List<String> lines = new ArrayList<>();

    /** (tag, window start in epoch ms) to count. */
    private final Map<String, Map<Long, Long>> expected = new TreeMap<>();

    /** The posts that must be counted: each one's event time and hashtags as written. */
    private final List<CountedPost> counted = new ArrayList<>();

    /**
     * A post the pipeline must count.
     *
     * @param createdAt its event time
     * @param hashtags its hashtags as the author wrote them (the same tag may appear in several spellings)
     */
    public record CountedPost(Instant createdAt, List<String> hashtags) {
    }

    /**
     * @param seed makes the corpus reproducible
     * @param idPrefix keeps ids distinct between corpora
     * @param base event times fall in [base, base + spanMillis)
     */
    public Corpus(long seed, String idPrefix, Instant base, long spanMillis, int posts, long windowMillis) {
        Random random = new Random(seed);
        for (int i = 0; i < posts; i++) {
            Instant createdAt = base.plusMillis((long) (random.nextDouble() * spanMillis));
            String id = idPrefix + i;
            int kind = random.nextInt(10);
            Set<String> tags = new TreeSet<>();
            int tagCount = 1 + random.nextInt(3);
            for (int t = 0; t < tagCount; t++) {
                tags.add(TAGS.get(random.nextInt(TAGS.size())));
            }
            StringBuilder text = new StringBuilder("post " + i);
            List<String> written = new ArrayList<>();
            for (String tag : tags) {
                written.add(randomCase(tag, random));
                text.append(" #").append(written.get(written.size() - 1));
            }
            String hashtags = "";
            boolean counted = true;
            switch (kind) {
                case 0 -> {
                    // every tag written twice in different case: counts once per post
                    tags.forEach(tag -> text.append(" #").append(tag.toUpperCase(Locale.ROOT)));
                }
                case 1 -> {
                    // the platform's own list wins over the text
                    text.setLength(0);
                    text.append("tags in the platform list only");
                    hashtags = ",\"hashtags\":[" + String.join(",", tags.stream().map(tag -> "\"" + tag + "\"")
                        .toList()) + "]";
                }
                case 2 -> {
                    // a repost: the filter drops it
                    text.insert(0, "RT @someone: ");
                    counted = false;
                }
                case 3 -> {
                    // no hashtag at all: dropped
                    text.setLength(0);
                    text.append("nothing to count here, not even a#fake one");
                    counted = false;
                }
                default -> {
                }
            }
            lines.add("{\"id\":\"%s\",\"platform\":\"e2e\",\"author\":\"a%d\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"%s\"%s,\"unknownField\":true}"
                .formatted(id, i % 17, text, createdAt, hashtags));
            if (counted) {
                this.counted.add(new CountedPost(createdAt, List.copyOf(written)));
                long window = Math.floorDiv(createdAt.toEpochMilli(), windowMillis) * windowMillis;
                for (String tag : tags) {
                    expected.computeIfAbsent(tag, k -> new TreeMap<>()).merge(window, 1L, Long::sum);
                }
            }
        }
        Collections.shuffle(lines, random);
    }

    private static String randomCase(String tag, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> tag;
            case 1 -> tag.toUpperCase(Locale.ROOT);
            default -> Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
        };
    }

    public String ndjson() {
        return String.join("\n", lines) + "\n";
    }

    /** @return the corpus as NDJSON batches of at most {@code size} posts, in sending order */
    public List<String> batches(int size) {
        return batches(lines, size);
    }

    /** @return {@code lines} as NDJSON batches of at most {@code size} lines, in order */
    static List<String> batches(List<String> lines, int size) {
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += size) {
            batches.add(String.join("\n", lines.subList(from, Math.min(lines.size(), from + size))) + "\n");
        }
        return batches;
    }

    /** @return the posts the pipeline must count, each with its event time and its hashtags as written */
    public List<CountedPost> countedPosts() {
        return List.copyOf(counted);
    }

    public int size() {
        return lines.size();
    }

    public Map<String, Map<Long, Long>> expectedCounts() {
        return expected;
    }

    /** @return the sum of two corpora's expected counts */
    public static Map<String, Map<Long, Long>> merge(Corpus a, Corpus b) {
        Map<String, Map<Long, Long>> merged = new TreeMap<>();
        for (Corpus corpus : List.of(a, b)) {
            corpus.expected.forEach((tag, windows) -> windows.forEach((window, count) -> merged
                .computeIfAbsent(tag, k -> new TreeMap<>()).merge(window, count, Long::sum)));
        }
        return merged;
    }
}
