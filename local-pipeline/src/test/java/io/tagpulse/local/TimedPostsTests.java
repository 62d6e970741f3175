package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The promises the event-time test relies on, checked on the posts themselves (parsed back from the NDJSON). */
class TimedPostsTests {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private static final Pattern CREATED_AT = Pattern.compile("\"createdAt\":\"([^\"]+)\"");

    private static final Pattern TAG = Pattern.compile("#(\\w+)");

    @Test
    void shouldSendABacklogNearlyInEventTimeOrderNeverAfterItsEndAndRepeatSomePostsVerbatim() {
        TimedPosts posts = new TimedPosts("b", 20, 7, 1000);
        Instant to = Instant.parse("2026-01-01T00:01:40Z");
        List<String> lines = posts.backlog(5_000, to.minusSeconds(100), to, 0.02);

        Map<String, String> byId = new HashMap<>();
        Instant newest = Instant.MIN;
        int repeated = 0;
        long maxLag = 0;
        for (String line : lines) {
            String id = group(ID, line);
            Instant createdAt = Instant.parse(group(CREATED_AT, line));
            String earlier = byId.putIfAbsent(id, line);
            if (earlier != null) {
                assertThat(line).as("a repeated post is the same post").isEqualTo(earlier);
                repeated++;
                continue;
            }
            assertThat(createdAt).isBetween(to.minusSeconds(101), to);
            if (createdAt.isBefore(newest)) {
                maxLag = Math.max(maxLag, Duration.between(createdAt, newest).toMillis());
            }
            newest = createdAt.isAfter(newest) ? createdAt : newest;
        }
        assertThat(byId).hasSize(5_000).hasSize(posts.posts());
        assertThat(repeated).isEqualTo(posts.duplicates()).isBetween(50, 150);
        assertThat(maxLag).isPositive().isLessThan(TimedPosts.MAX_DISORDER.toMillis());
        assertThat(countsOf(byId.values())).isEqualTo(posts.expectedCounts());
    }

    @Test
    void shouldDateLivePostsAtOrJustBeforeTheMomentTheBatchIsMade() {
        TimedPosts posts = new TimedPosts("l", 8, 9, 1000);
        Instant now = Instant.parse("2026-01-01T00:00:00.500Z");

        List<String> exact = posts.liveBatch(50, now, false).lines().toList();
        List<String> lagging = posts.liveBatch(50, now, true).lines().toList();

        assertThat(exact).allSatisfy(line -> assertThat(Instant.parse(group(CREATED_AT, line))).isEqualTo(now));
        assertThat(lagging).allSatisfy(line -> assertThat(Instant.parse(group(CREATED_AT, line)))
            .isBetween(now.minus(TimedPosts.MAX_DISORDER), now));
        assertThat(countsOf(exact)).isNotEmpty();
        List<String> all = new ArrayList<>(exact);
        all.addAll(lagging);
        assertThat(countsOf(all)).isEqualTo(posts.expectedCounts());
        assertThat(posts.mentions()).isEqualTo(all.stream().mapToLong(line -> tagsOf(line).size()).sum());
    }

    /** An independent count: each distinct tag (lower case) of each post, in the 1 s window of its createdAt. */
    private static Map<String, Map<Long, Long>> countsOf(Collection<String> lines) {
        Map<String, Map<Long, Long>> counts = new TreeMap<>();
        for (String line : lines) {
            long window = Instant.parse(group(CREATED_AT, line)).toEpochMilli() / 1000 * 1000;
            for (String tag : tagsOf(line)) {
                counts.computeIfAbsent(tag, k -> new TreeMap<>()).merge(window, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Set<String> tagsOf(String line) {
        Set<String> tags = new HashSet<>();
        Matcher matcher = TAG.matcher(line);
        while (matcher.find()) {
            tags.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return tags;
    }

    private static String group(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        assertThat(matcher.find()).as("%s in %s", pattern, line).isTrue();
        return matcher.group(1);
    }
}
