package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendCorpusTests {

    private static final Pattern CREATED_AT = Pattern.compile("\"createdAt\":\"([^\"]+)\"");

    private static final Pattern AUTHOR = Pattern.compile("\"author\":\"([^\"]+)\"");

    private static final Instant FROM = Instant.parse("2026-12-07T05:00:00Z");

    private static final Duration SPAN = Duration.ofMinutes(6);

    private final TrendCorpus corpus = new TrendCorpus(7, "t-", FROM, SPAN, 4);

    private final List<String> lines = corpus.batches(25).stream()
        .flatMap(batch -> batch.lines())
        .toList();

    @Test
    void shouldPlantOneSurgeTagForEachHashtagsPartition() {
        List<String> tags = corpus.surgeTags();

        assertThat(tags).hasSize(4).doesNotHaveDuplicates().allMatch(tag -> tag.startsWith("surget"));
        for (int partition = 0; partition < tags.size(); partition++) {
            assertThat(TrendCorpus.partition(tags.get(partition), 4)).isEqualTo(partition);
        }
    }

    @Test
    void shouldSendThePostsInEventTimeOrderWithinTheDisorderAndNeverPastTheEnd() {
        Instant newest = Instant.MIN;
        for (String line : lines) {
            Instant createdAt = Instant.parse(group(CREATED_AT, line));
            assertThat(Duration.between(createdAt, newest)).as(line).isLessThan(TrendCorpus.DISORDER);
            assertThat(createdAt).isBetween(FROM, corpus.end().minusMillis(1));
            newest = newest.isAfter(createdAt) ? newest : createdAt;
        }
        assertThat(corpus.end()).isEqualTo(FROM.plus(SPAN));
        assertThat(lines).hasSize(corpus.size()).hasSize(36 * 40 + 4 * 100);
    }

    @Test
    void shouldCarryEachSurgeByManyAuthorsFromAFifthToAThirdOfTheSpanWithTheFaultPointInIt() {
        for (String tag : corpus.surgeTags()) {
            Set<String> authors = new TreeSet<>();
            List<Instant> times = new ArrayList<>();
            lines.stream().filter(line -> line.contains("#" + tag + "\"")).forEach(line -> {
                authors.add(group(AUTHOR, line));
                times.add(Instant.parse(group(CREATED_AT, line)));
            });
            assertThat(times).hasSize(100)
                .allMatch(time -> !time.isBefore(FROM.plus(SPAN.dividedBy(2)))
                        && time.isBefore(FROM.plus(SPAN.multipliedBy(2).dividedBy(3))));
            assertThat(authors).hasSizeGreaterThanOrEqualTo(30);
        }
        assertThat(corpus.midSurge(corpus.size() * 7 / 12)).isTrue();
        assertThat(corpus.midSurge(corpus.size() / 3)).isFalse();
        assertThat(corpus.midSurge(corpus.size() * 5 / 6)).isFalse();
    }

    private static String group(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(1);
    }
}
