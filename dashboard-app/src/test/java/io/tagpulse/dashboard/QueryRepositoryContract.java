package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.HashtagCount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read queries of {@link QueryRepository} on a real database with the sink's migrations applied; each database
 * the sink supports runs it through a subclass that names a {@link TestDatabase}.
 */
abstract class QueryRepositoryContract extends SinkDatabaseContract {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static final String HOSTILE = "'; DROP TABLE hashtag_counts; --<img src=x>";

    private QueryRepository queries;

    /** @param database where each test gets an empty database */
    QueryRepositoryContract(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void repository() {
        queries = new QueryRepository(jdbc, Duration.ofSeconds(1));
    }

    private static HashtagCount count(String tag, int second, long count, String display) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count, display);
    }

    private static HashtagCount count(String tag, int second, long count) {
        return count(tag, second, count, null);
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    @Test
    void shouldReadOnlyTheVelocityWindowsWhenOtherSizesAreStoredToo() {
        tables.store(List.of(count("kafka", 0, 3), count("kafka", 1, 2),
                new HashtagCount("kafka", T0, T0.plusSeconds(60), 5),
                new HashtagCount("kafka", T0.plusSeconds(10), T0.plusSeconds(70), 2),
                new HashtagCount("kafka", T0, T0.plusSeconds(3600), 40)));

        assertThat(queries.topTags(range(0, 60), 10)).containsExactly(new TagTotal("kafka", 5));
        assertThat(queries.windows("kafka", range(0, 60))).extracting(WindowCount::count).containsExactly(3L, 2L);
        assertThat(queries.latestWindow()).hasValueSatisfying(window ->
                assertThat(window.windowStart()).isEqualTo(at(1)));
    }

    @Test
    void shouldSumTopTagsOverWindowsInRangeMostFirstThenByTag() {
        tables.store(List.of(
                count("kafka", 0, 2), count("kafka", 1, 3), count("kafka", 2, 1),
                count("java", 0, 6),
                count("spring", 1, 4), count("spring", 2, 2),
                count("flink", 1, 6),
                count("early", -1, 100),
                count("late", 3, 100)));

        assertThat(queries.topTags(range(0, 3), 10)).containsExactly(
                new TagTotal("flink", 6), new TagTotal("java", 6), new TagTotal("kafka", 6),
                new TagTotal("spring", 6));
        assertThat(queries.topTags(range(1, 3), 10)).containsExactly(
                new TagTotal("flink", 6), new TagTotal("spring", 6), new TagTotal("kafka", 4));
        assertThat(queries.topTags(range(0, 3), 2)).containsExactly(
                new TagTotal("flink", 6), new TagTotal("java", 6));
        assertThat(queries.topTags(range(10, 20), 10)).isEmpty();
    }

    @Test
    void shouldAnswerTheStoredWindowsOfATagAscendingWithinTheRangeOnly() {
        tables.store(List.of(count("kafka", 2, 5), count("kafka", 0, 1), count("kafka", 1, 3),
                count("kafka", -1, 9), count("kafka", 3, 9), count("java", 1, 8)));

        assertThat(queries.windows("kafka", range(0, 3))).containsExactly(
                new WindowCount(at(0), at(1), 1), new WindowCount(at(1), at(2), 3), new WindowCount(at(2), at(3), 5));
        assertThat(queries.windows("nothing", range(0, 3))).isEmpty();
    }

    @Test
    void shouldReadInstantsExactlyInUtc() {
        Instant start = Instant.parse("2026-03-29T01:59:59.123Z"); // a DST change in many zones
        tables.store(List.of(new HashtagCount("dst", start, start.plusMillis(1000), 1)));

        assertThat(queries.windows("dst", new TimeRange(start, start.plusSeconds(1))))
            .containsExactly(new WindowCount(start, start.plusMillis(1000), 1));
    }

    @Test
    void shouldFindTheLatestWindow() {
        assertThat(queries.latestWindow()).isEmpty();

        tables.store(List.of(count("kafka", 0, 1), count("java", 5, 1), count("kafka", 2, 1)));

        assertThat(queries.latestWindow()).contains(new WindowCount(at(5), at(6), 1));
    }

    private static final WindowSize MINUTES = new WindowSize(60_000, 1000);

    private static final WindowSize HOURS = new WindowSize(3_600_000, 1000);

    @Test
    void shouldSumOnlyTheHoppingWindowsThatTileTimeSoEveryMentionCountsOnce() {
        // 3 mentions at second 5 and 4 at second 70, in 1-minute windows every 10 s: each mention is in 6 windows.
        List<HashtagCount> hopping = new java.util.ArrayList<>();
        for (int start = -50; start <= 70; start += 10) {
            long count = (start <= 5 && 5 < start + 60 ? 3 : 0) + (start <= 70 && 70 < start + 60 ? 4 : 0);
            if (count > 0) {
                hopping.add(new HashtagCount("hop", T0.plusSeconds(start), T0.plusSeconds(start + 60), count));
            }
        }
        tables.store(hopping);

        assertThat(queries.topTags(range(0, 120), 10, MINUTES)).containsExactly(new TagTotal("hop", 7));
        assertThat(counts(queries.series(List.of("hop"), range(0, 120), Duration.ofMinutes(1), MINUTES).get(0)))
            .containsExactly(3L, 4L);
        // The stored windows themselves, overlapping: the sliding view.
        assertThat(queries.windows("hop", range(0, 120), MINUTES)).extracting(WindowCount::count)
            .containsExactly(3L, 4L, 4L, 4L, 4L, 4L, 4L);
        assertThat(queries.latestWindow(MINUTES)).contains(new WindowCount(at(70), at(130), 4));
        assertThat(queries.topTags(range(0, 120), 10)).isEmpty();
    }

    @Test
    void shouldReadHourWindowsApartFromTheOthers() {
        tables.store(List.of(new HashtagCount("hourly", T0, T0.plusSeconds(3600), 40, "Hourly"),
                new HashtagCount("hourly", T0.plusSeconds(3600), T0.plusSeconds(7200), 10),
                count("hourly", 0, 2, "HOURLY")));

        assertThat(queries.topTags(range(0, 7200), 10, HOURS)).containsExactly(new TagTotal("hourly", "Hourly", 50));
        assertThat(counts(queries.series(List.of("hourly"), range(0, 7200), Duration.ofHours(1), HOURS).get(0)))
            .containsExactly(40L, 10L);
        assertThat(queries.topTags(range(0, 7200), 10)).containsExactly(new TagTotal("hourly", "HOURLY", 2));
        assertThat(queries.latestWindow(HOURS)).contains(new WindowCount(at(3600), at(7200), 10));
    }

    private static TimeRange range(int fromSecond, int toSecond) {
        return new TimeRange(T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
    }

    private static List<Long> counts(TagSeries series) {
        return series.points().stream().map(SeriesPoint::count).toList();
    }

    @Test
    void shouldAnswerTopTagsWithTheLatestDisplayFormInTheRange() {
        tables.store(List.of(count("kafka", 0, 3, "Kafka"), count("kafka", 5, 4, "KAFKA"), count("kafka", 6, 1, null),
                count("java", 1, 2, null), count("kafka", 100, 50, "KafKa"),
                new HashtagCount("kafka", T0, T0.plusSeconds(60), 99, "hopping")));

        assertThat(queries.topTags(range(0, 60), 10)).containsExactly(new TagTotal("kafka", "KAFKA", 8),
                new TagTotal("java", "java", 2));
        assertThat(queries.topTags(range(0, 60), 1)).containsExactly(new TagTotal("kafka", "KAFKA", 8));
    }

    @Test
    void shouldBucketTheSecondsOfSeveralTagsWithEmptyBucketsAsZero() {
        tables.store(List.of(count("kafka", 0, 3, null), count("kafka", 9, 4, null), count("kafka", 10, 5, null),
                count("kafka", 29, 6, null), count("java", 15, 7, "Java"),
                new HashtagCount("kafka", T0, T0.plusSeconds(60), 99)));

        List<TagSeries> series = queries.series(List.of("java", "kafka", "absent"), range(0, 30),
                Duration.ofSeconds(10));

        assertThat(series).extracting(TagSeries::tag).containsExactly("java", "kafka", "absent");
        assertThat(series.get(0).display()).isEqualTo("Java");
        assertThat(counts(series.get(0))).containsExactly(0L, 7L, 0L);
        assertThat(counts(series.get(1))).containsExactly(7L, 5L, 6L);
        assertThat(counts(series.get(2))).containsExactly(0L, 0L, 0L);
        assertThat(series.get(1).points().get(0)).isEqualTo(new SeriesPoint(T0, T0.plusSeconds(10), 7, 0.7));
    }

    @Test
    void shouldAlignBucketsOnMultiplesOfTheResolution() {
        tables.store(List.of(count("kafka", 59, 1, null), count("kafka", 60, 2, null), count("kafka", 119, 3, null),
                count("kafka", 120, 4, null)));

        List<TagSeries> series = queries.series(List.of("kafka"), range(61, 121), Duration.ofMinutes(1));

        assertThat(series.get(0).points()).extracting(SeriesPoint::start)
            .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(counts(series.get(0))).containsExactly(5L, 4L);
    }

    @Test
    void shouldBindTagsAsValuesNeverAsSql() {
        tables.store(List.of(count(HOSTILE, 0, 3, HOSTILE), count("kafka", 0, 1, null)));

        assertThat(queries.series(List.of(HOSTILE), range(0, 1), Duration.ofSeconds(1)).get(0))
            .isEqualTo(new TagSeries(HOSTILE, HOSTILE, List.of(new SeriesPoint(T0, T0.plusSeconds(1), 3, 3.0))));
        assertThat(queries.unknownTags(List.of(HOSTILE, "kafka", "' OR '1'='1"))).containsExactly("' OR '1'='1");
        assertThat(queries.topTags(range(0, 1), 10)).hasSize(2);
    }

    @Test
    void shouldFindTheDisplayFormsOfSeveralTags() {
        tables.store(List.of(count("kafka", 0, 3, "Kafka"), count("java", 1, 2, null)));

        assertThat(queries.displays(List.of("kafka", "java", "absent"), range(0, 10)))
            .isEqualTo(Map.of("kafka", "Kafka"));
        assertThat(queries.displays(List.of(), range(0, 10))).isEmpty();
    }
}
