package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Posts whose event times advance as they are sent, as a live feed's do: each post's {@code createdAt} is at most a
 * little before the moment it is made (out of order by less than {@link #MAX_DISORDER}, never ahead of its sending),
 * some posts are sent twice with the same id, as sources redeliver, and each post carries one to three tags of this
 * corpus's own namespace. Alongside, the count every tag must have in every window, computed here from the posts'
 * own definition (a tag is counted once per distinct post, in the window of the post's {@code createdAt}), not with
 * the pipeline's code. Not thread-safe: one sender makes the posts; read the expected counts once it has stopped.
 */
final class TimedPosts {

    /** The most a post's event time lags behind the event time of a post sent before it. */
    static final Duration MAX_DISORDER = Duration.ofMillis(900);

    private final String prefix;

    private final List<String> tags = new ArrayList<>();

    private final Random random;

    private final long windowMillis;

    private final Map<String, Map<Long, Long>> expected = new TreeMap<>();

    private long mentions;

    private int posts;

    private int duplicates;

    /**
     * @param prefix the namespace of this corpus's tags and post ids: tags are {@code <prefix>_<n>}
     * @param tagCount how many distinct tags the posts draw from
     */
    TimedPosts(String prefix, int tagCount, long seed, long windowMillis) {
        this.prefix = prefix;
        this.random = new Random(seed);
        this.windowMillis = windowMillis;
        for (int i = 0; i < tagCount; i++) {
            tags.add(prefix + "_" + i);
        }
    }

    /**
     * A backlog: {@code count} posts with event times spread evenly over {@code [from, to]}, each up to
     * {@link #MAX_DISORDER} earlier than its place in the spread, in sending order, and a share of them sent a second
     * time a little later (within the next 200 posts) with the same id and content.
     *
     * @param to no later than now, so that no post is dated after it is sent
     */
    List<String> backlog(int count, Instant from, Instant to, double duplicateShare) {
        List<String> lines = new ArrayList<>();
        List<String> resend = new ArrayList<>();
        List<Integer> resendAt = new ArrayList<>();
        long span = Duration.between(from, to).toMillis();
        for (int i = 0; i < count; i++) {
            Instant onTime = from.plusMillis(count == 1 ? 0 : span * i / (count - 1));
            String line = post(onTime.minusMillis(random.nextInt((int) MAX_DISORDER.toMillis())));
            lines.add(line);
            if (random.nextDouble() < duplicateShare) {
                resend.add(line);
                resendAt.add(i + 1 + random.nextInt(200));
            }
            for (int r = resend.size() - 1; r >= 0; r--) {
                if (resendAt.get(r) == i) {
                    lines.add(resend.remove(r));
                    resendAt.remove(r);
                    duplicates++;
                }
            }
        }
        lines.addAll(resend);
        duplicates += resend.size();
        return lines;
    }

    /**
     * @param now the time the batch is made, just before it is sent
     * @param disorder whether event times lag behind {@code now} by up to {@link #MAX_DISORDER}, or are {@code now}
     * @return {@code size} posts made now, as NDJSON
     */
    String liveBatch(int size, Instant now, boolean disorder) {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < size; i++) {
            long lag = disorder ? random.nextInt((int) MAX_DISORDER.toMillis()) : 0;
            batch.append(post(now.minusMillis(lag))).append('\n');
        }
        return batch.toString();
    }

    /** Makes one post with one to three distinct tags of this corpus, written in random case, and counts it. */
    private String post(Instant createdAt) {
        Instant time = createdAt.truncatedTo(ChronoUnit.MILLIS);
        String id = prefix + "-" + posts++;
        Set<String> chosen = new TreeSet<>();
        int tagCount = 1 + random.nextInt(3);
        while (chosen.size() < tagCount) {
            // The first tags are drawn more often, as popular tags are.
            int index = random.nextBoolean() ? random.nextInt(Math.min(8, tags.size())) : random.nextInt(tags.size());
            chosen.add(tags.get(index));
        }
        StringBuilder text = new StringBuilder("post ").append(id);
        for (String tag : chosen) {
            text.append(" #").append(randomCase(tag));
        }
        long window = Math.floorDiv(time.toEpochMilli(), windowMillis) * windowMillis;
        for (String tag : chosen) {
            expected.computeIfAbsent(tag, k -> new TreeMap<>()).merge(window, 1L, Long::sum);
            mentions++;
        }
        return "{\"id\":\"%s\",\"platform\":\"e2e\",\"author\":\"a%d\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"%s\"}"
            .formatted(id, posts % 17, text, time);
    }

    private String randomCase(String tag) {
        return switch (random.nextInt(3)) {
            case 0 -> tag;
            case 1 -> tag.toUpperCase(Locale.ROOT);
            default -> Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
        };
    }

    /** @return the namespace of the tags, which every tag starts with */
    String prefix() {
        return prefix;
    }

    /** @return the distinct tags the posts draw from, normalized (lower case) */
    List<String> tags() {
        return List.copyOf(tags);
    }

    /** @return the count every tag must have in every window, by tag and window start (epoch ms) */
    Map<String, Map<Long, Long>> expectedCounts() {
        return expected;
    }

    /** @return how many mentions (distinct tags of distinct posts) must be counted */
    long mentions() {
        return mentions;
    }

    /** @return how many distinct posts were made */
    int posts() {
        return posts;
    }

    /** @return how many posts were sent a second time */
    int duplicates() {
        return duplicates;
    }
}
