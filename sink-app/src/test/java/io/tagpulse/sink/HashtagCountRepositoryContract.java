package io.tagpulse.sink;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import javax.sql.DataSource;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.InvalidRecordException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of {@link HashtagCountRepository} on a real database with the Flyway migrations applied; each
 * database the sink supports runs it through a subclass that supplies an empty database.
 */
abstract class HashtagCountRepositoryContract {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private HashtagCountRepository repository;

    private JdbcTemplate jdbc;

    /** @return a database with no tables */
    abstract DataSource emptyDatabase();

    @BeforeEach
    void migrate() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        repository = new HashtagCountRepository(jdbc);
    }

    private static HashtagCount count(String tag, int second, long count) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hashtag_counts", Integer.class);
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    @Test
    void shouldStoreWindowsOfEverySizeSideBySide() {
        repository.upsert(List.of(count("kafka", 0, 3), count("kafka", 1, 2),
                new HashtagCount("kafka", T0, T0.plusSeconds(60), 5),
                new HashtagCount("kafka", T0.plusSeconds(10), T0.plusSeconds(70), 2),
                new HashtagCount("kafka", T0, T0.plusSeconds(3600), 40)));

        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(3);
        assertThat(repository.countAt("kafka", at(1), 1000)).hasValue(2);
        assertThat(repository.countAt("kafka", at(0), 60_000)).hasValue(5);
        assertThat(repository.countAt("kafka", at(10), 60_000)).hasValue(2);
        assertThat(repository.countAt("kafka", at(0), 3_600_000)).hasValue(40);
    }

    @Test
    void shouldInsertNewCounts() {
        repository.upsert(List.of(count("kafka", 0, 3), count("kafka", 1, 1), count("java", 0, 2)));

        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(3);
        assertThat(repository.countAt("kafka", at(1), 1000)).hasValue(1);
        assertThat(repository.countAt("java", at(0), 1000)).hasValue(2);
        assertThat(repository.countAt("java", at(1), 1000)).isEmpty();
    }

    @Test
    void shouldStoreTheSameRecordTwiceAsOneRow() {
        repository.upsert(List.of(count("kafka", 0, 3)));
        repository.upsert(List.of(count("kafka", 0, 3)));

        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(3);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void shouldReplaceCountWithLaterRecordHigherOrLower() {
        repository.upsert(List.of(count("kafka", 0, 3)));
        repository.upsert(List.of(count("kafka", 0, 7)));
        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(7);

        repository.upsert(List.of(count("kafka", 0, 5)));
        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(5);
    }

    @Test
    void shouldApplyTheLastOfSeveralCountsInOneBatch() {
        repository.upsert(List.of(count("kafka", 0, 1), count("kafka", 0, 2), count("kafka", 0, 4)));

        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(4);
    }

    @Test
    void shouldKeepWindowsOfDifferentSizesApart() {
        repository.upsert(List.of(count("kafka", 0, 3), new HashtagCount("kafka", at(0), at(10), 30)));

        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(3);
        assertThat(repository.countAt("kafka", at(0), 10_000)).hasValue(30);
    }

    @Test
    void shouldStoreInstantsExactlyInUtc() {
        Instant start = Instant.parse("2026-03-29T01:59:59.123Z"); // a DST change in many zones
        repository.upsert(List.of(new HashtagCount("dst", start, start.plusMillis(1000), 1)));

        assertThat(repository.countAt("dst", start, 1000)).hasValue(1);
        assertThat(jdbc.queryForObject("SELECT window_end FROM hashtag_counts WHERE tag = 'dst'",
                java.time.OffsetDateTime.class).toInstant()).isEqualTo(start.plusMillis(1000));
    }

    @Test
    void shouldRejectTagTooLongToStoreAndWriteNothing() {
        HashtagCount tooLong = new HashtagCount("a".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1), at(0), at(1), 1);

        assertThatThrownBy(() -> repository.upsert(List.of(count("kafka", 0, 1), tooLong)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'tag'");
        assertThat(repository.countAt("kafka", at(0), 1000)).isEqualTo(OptionalLong.empty());

        String longest = "b".repeat(HashtagCountRepository.MAX_TAG_LENGTH);
        repository.upsert(List.of(new HashtagCount(longest, at(0), at(1), 1)));
        assertThat(repository.countAt(longest, at(0), 1000)).hasValue(1);
    }

    @Test
    void shouldStoreUnicodeTags() {
        repository.upsert(List.of(count("日本語", 0, 2), count("straße", 0, 1)));

        assertThat(repository.countAt("日本語", at(0), 1000)).hasValue(2);
        assertThat(repository.countAt("straße", at(0), 1000)).hasValue(1);
    }

    @Test
    void shouldStoreDisplayAndKeepTheLatestNonNullOne() {
        repository.upsert(List.of(new HashtagCount("kafka", at(0), at(1), 1, "Kafka")));
        assertThat(repository.displayAt("kafka", at(0), 1000)).hasValue("Kafka");

        repository.upsert(List.of(new HashtagCount("kafka", at(0), at(1), 2, null)));
        assertThat(repository.countAt("kafka", at(0), 1000)).hasValue(2);
        assertThat(repository.displayAt("kafka", at(0), 1000)).hasValue("Kafka");

        repository.upsert(List.of(new HashtagCount("kafka", at(0), at(1), 3, "KAFKA")));
        assertThat(repository.displayAt("kafka", at(0), 1000)).hasValue("KAFKA");
        assertThat(repository.displayAt("kafka", at(1), 1000)).isEmpty();
    }

    @Test
    void shouldRejectDisplayTooLongToStore() {
        HashtagCount tooLong = new HashtagCount("kafka", at(0), at(1), 1,
                "K".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1));

        assertThatThrownBy(() -> repository.upsert(List.of(tooLong))).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'display'");
    }

    @Test
    void shouldDeleteOnlyWindowsStartingBeforeTheCutoffInChunks() {
        List<HashtagCount> counts = new java.util.ArrayList<>();
        for (int second = 0; second < 25; second++) {
            counts.add(count("old", second, 1));
        }
        counts.add(new HashtagCount("hopping", at(10), at(70), 9));
        counts.add(count("kept", 30, 2));
        repository.upsert(counts);

        assertThat(repository.deleteWindowsBefore(at(30), 7)).isEqualTo(26);

        assertThat(rows()).isEqualTo(1);
        assertThat(repository.countAt("hopping", at(10), 60_000)).isEmpty();
        assertThat(repository.countAt("kept", at(30), 1000)).hasValue(2);
        assertThat(repository.deleteWindowsBefore(at(30), 7)).isZero();
    }

    @Test
    void shouldDeleteTheOldWindowsOfOneSizeOrOfEveryOtherSize() {
        repository.upsert(List.of(count("second", 0, 1), count("second", 100, 1),
                new HashtagCount("minute", at(0), at(60), 2), new HashtagCount("minute", at(120), at(180), 2),
                new HashtagCount("hour", at(0), at(3600), 3), new HashtagCount("hour", at(3600), at(7200), 3)));

        // The hour windows by their own rule.
        assertThat(repository.deleteWindowsBefore(new RetentionPolicy.Cutoff(3_600_000L, Set.of(), at(3600)), 1))
            .isEqualTo(1);
        assertThat(repository.countAt("hour", at(0), 3_600_000)).isEmpty();
        assertThat(repository.countAt("hour", at(3600), 3_600_000)).hasValue(3);
        assertThat(repository.countAt("second", at(0), 1000)).hasValue(1);

        // Every other size by the general rule: the hours are left alone.
        assertThat(repository.deleteWindowsBefore(new RetentionPolicy.Cutoff(null, Set.of(3_600_000L), at(7200)), 1))
            .isEqualTo(4);
        assertThat(rows()).isEqualTo(1);
        assertThat(repository.countAt("hour", at(3600), 3_600_000)).hasValue(3);
    }
}
