package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryRulesTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final QueryRules rules = new QueryRules(Duration.ofMinutes(5), Duration.ofHours(24), 10, 100);

    @Test
    void shouldDefaultToTheLastFiveMinutes() {
        assertThat(rules.range(null, null, NOW)).isEqualTo(new TimeRange(NOW.minusSeconds(300), NOW));
    }

    @Test
    void shouldRefuseAnEmptyValueInsteadOfReadingItAsTheDefault() {
        assertThatThrownBy(() -> rules.range("", null, NOW)).isInstanceOf(InvalidQueryException.class)
            .hasMessage("parameter 'from' is empty: leave it out for its default");
        assertThatThrownBy(() -> rules.range(null, " ", NOW)).hasMessageContaining("'to' is empty");
        assertThatThrownBy(() -> rules.limit("")).hasMessageContaining("'limit' is empty");
        assertThatThrownBy(() -> rules.resolution(" ", new TimeRange(NOW.minusSeconds(60), NOW)))
            .hasMessageContaining("'resolution' is empty");
    }

    @Test
    void shouldReadOnlyAsciiDigitsAsALimit() {
        assertThat(rules.limit("10")).isEqualTo(10);
        assertThatThrownBy(() -> rules.limit("１０")).hasMessageContaining("'limit' must be an integer from 1 to 100");
        assertThatThrownBy(() -> rules.limit("٢")).hasMessageContaining("'limit'");
    }

    @Test
    void shouldRefuseATagLongerThanTheSinkStores() {
        assertThat(rules.tag("#" + "a".repeat(500))).hasSize(500);
        assertThatThrownBy(() -> rules.tag("a".repeat(501))).hasMessageContaining("'tag' must be at most 500");
        assertThatThrownBy(() -> rules.tag(" ".repeat(2000) + "a")).hasMessageContaining("'tag' must be at most 500");
    }

    @Test
    void shouldDefaultFromToFiveMinutesBeforeTo() {
        assertThat(rules.range(null, "2026-01-01T00:10:00Z", NOW)).isEqualTo(
                new TimeRange(Instant.parse("2026-01-01T00:05:00Z"), Instant.parse("2026-01-01T00:10:00Z")));
    }

    @Test
    void shouldReadInstantsWithOffsets() {
        assertThat(rules.range("2026-03-01T13:00:00+02:00", "2026-03-01T11:30:00Z", NOW)).isEqualTo(
                new TimeRange(Instant.parse("2026-03-01T11:00:00Z"), Instant.parse("2026-03-01T11:30:00Z")));
    }

    @Test
    void shouldAcceptTheLongestRangeAndAnEmptyOne() {
        assertThat(rules.range("2026-02-28T12:00:00Z", null, NOW).length()).isEqualTo(Duration.ofHours(24));
        assertThat(rules.range("2026-03-01T12:00:00Z", null, NOW).length()).isZero();
    }

    @Test
    void shouldRefuseFromAfterTo() {
        assertThatThrownBy(() -> rules.range("2026-03-01T12:00:01Z", "2026-03-01T12:00:00Z", NOW))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'from'")
            .hasMessageContaining("'to'");
    }

    @Test
    void shouldRefuseRangeLongerThanTheMaximum() {
        assertThatThrownBy(() -> rules.range("2026-02-28T11:59:59Z", null, NOW))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'from'")
            .hasMessageContaining("PT24H");
    }

    @ParameterizedTest
    @CsvSource({ "from, yesterday", "to, 2026-03-01", "from, 1700000000000", "to, 2026-03-01 12:00:00" })
    void shouldRefuseUnreadableInstantNamingTheParameter(String name, String value) {
        assertThatThrownBy(() -> rules.range(name.equals("from") ? value : null, name.equals("to") ? value : null, NOW))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'" + name + "'")
            .hasMessageContaining(value);
    }

    @ParameterizedTest
    @CsvSource({ "to, +1000000000-12-31T23:59:59.999999999Z", "from, -999999999-01-01T00:00:00Z",
            "to, +10000-01-01T00:00:00Z", "from, -0001-12-31T23:59:59Z" })
    void shouldRefuseInstantsBeyondWhatADatabaseTimestampHolds(String name, String value) {
        assertThatThrownBy(() -> rules.range(name.equals("from") ? value : null, name.equals("to") ? value : null, NOW))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'" + name + "' must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
    }

    @Test
    void shouldAcceptTheFirstAndLastInstantsADatabaseHolds() {
        assertThat(rules.range("0001-01-01T00:00:00Z", "0001-01-01T00:01:00Z", NOW).length()).hasMinutes(1);
        assertThat(rules.range(null, "9999-12-31T23:59:59.999Z", NOW).length()).hasMinutes(5);
    }

    @Test
    void shouldDefaultAndBoundTheLimit() {
        assertThat(rules.limit(null)).isEqualTo(10);
        assertThat(rules.limit("1")).isEqualTo(1);
        assertThat(rules.limit("100")).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "101", "ten", "1.5", "99999999999" })
    void shouldRefuseLimitOutOfBounds(String limit) {
        assertThatThrownBy(() -> rules.limit(limit))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'limit'")
            .hasMessageContaining("1 to 100");
    }

    @Test
    void shouldNormalizeTagLikeThePipeline() {
        assertThat(rules.tag("#Kafka")).isEqualTo("kafka");
        assertThat(rules.tag("＃ＪＡＶＡ")).isEqualTo("java");
        assertThat(rules.tag("Straße")).isEqualTo("strasse");
    }

    @Test
    void shouldRefuseEmptyTag() {
        assertThatThrownBy(() -> rules.tag("#"))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'tag'");
    }

    private final QueryRules series = new QueryRules(Duration.ofMinutes(5), Duration.ofHours(24), 10, 100,
            Duration.ofSeconds(1), 3600, 3, List.of(Duration.ofMinutes(1), Duration.ofHours(1)));

    private static TimeRange lasting(Duration length) {
        return new TimeRange(NOW.minus(length), NOW);
    }

    @Test
    void shouldNormalizeAndDeduplicateSeveralTagsKeepingTheirOrder() {
        assertThat(series.tags(List.of("#Kafka", "java", "KAFKA", "＃Ｊａｖａ"))).containsExactly("kafka", "java");
    }

    @Test
    void shouldRefuseMissingEmptyTooManyOrTooLongTags() {
        assertThatThrownBy(() -> series.tags(List.of())).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'tag' is required");
        assertThatThrownBy(() -> series.tags(null)).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'tag'");
        assertThatThrownBy(() -> series.tags(List.of("a", " # "))).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'tag' must not be empty");
        assertThatThrownBy(() -> series.tags(List.of("a", "b", "c", "d"))).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("at most 3 times, got 4");
        assertThatThrownBy(() -> series.tags(List.of("x".repeat(501)))).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("at most 500 characters");
    }

    @ParameterizedTest
    @CsvSource({ "1s, 1000", "10s, 10000", "1m, 60000", "2h, 7200000", "PT30S, 30000", "2000ms, 2000", "1d, 86400000",
            "10S, 10000" })
    void shouldReadResolutions(String text, long millis) {
        assertThat(series.resolution(text, lasting(Duration.ofHours(1))).toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({ "PT1M, 1000", "PT5M, 1000", "PT10M, 2000", "PT1H, 15000", "PT6H, 120000", "PT24H, 300000",
            "PT0S, 1000" })
    void shouldChooseTheFinestResolutionGivingAtMostThreeHundredPoints(Duration range, long millis) {
        assertThat(series.resolution(null, lasting(range)).toMillis()).isEqualTo(millis);
        assertThat(series.resolution("auto", lasting(range)).toMillis()).isEqualTo(millis);
        assertThat(QueryRules.points(lasting(range), Duration.ofMillis(millis))).isLessThanOrEqualTo(300);
    }

    @Test
    void shouldRoundAutomaticResolutionsUpToWholeStoredWindows() {
        QueryRules hourly = new QueryRules(Duration.ofDays(1), Duration.ofDays(30), 10, 100, Duration.ofHours(1),
                3600, 10, List.of());
        assertThat(hourly.resolution(null, lasting(Duration.ofDays(1)))).isEqualTo(Duration.ofHours(1));
        assertThat(hourly.resolution(null, lasting(Duration.ofDays(30)))).isEqualTo(Duration.ofHours(6));
    }

    @ParameterizedTest
    @ValueSource(strings = { "fast", "500ms", "1500ms", "0s", "-1s", "PT-1S", "1w", "PT99999999999999H", "1.5s" })
    void shouldRefuseResolutionsThatAreUnreadableOrNotWholeWindows(String resolution) {
        assertThatThrownBy(() -> series.resolution(resolution, lasting(Duration.ofMinutes(5))))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'resolution'");
    }

    @Test
    void shouldRefuseResolutionGivingTooManyPoints() {
        assertThat(series.resolution("1s", lasting(Duration.ofHours(1))).toMillis()).isEqualTo(1000);
        assertThatThrownBy(() -> series.resolution("1s", lasting(Duration.ofSeconds(3601))))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'resolution'")
            .hasMessageContaining("3601 points")
            .hasMessageContaining("maximum of 3600");
    }

    @Test
    void shouldCountBucketsAlignedOnTheResolution() {
        Instant from = Instant.parse("2026-03-01T12:00:05Z");
        assertThat(QueryRules.points(new TimeRange(from, from.plusSeconds(20)), Duration.ofSeconds(10))).isEqualTo(3);
        assertThat(QueryRules.points(new TimeRange(from, from), Duration.ofSeconds(10))).isZero();
        assertThat(QueryRules.points(new TimeRange(from.minusSeconds(5), from.plusSeconds(5)), Duration.ofSeconds(10)))
            .isEqualTo(1);
    }

    @Test
    void shouldReadTheVelocityWindowsUnlessAnotherKnownSizeIsAsked() {
        assertThat(series.window(null)).isEqualTo(new WindowSize(1000, 1000));
        assertThatThrownBy(() -> series.window(" ")).isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("'window' is empty");
        assertThat(series.window("1s").isVelocity()).isTrue();
        assertThat(series.window("1m")).isEqualTo(new WindowSize(60_000, 1000));
        assertThat(series.window("60s")).isEqualTo(new WindowSize(60_000, 1000));
        assertThat(series.window("PT1H")).isEqualTo(new WindowSize(3_600_000, 1000));
        assertThat(series.windowSizes()).extracting(WindowSize::label).containsExactly("1s", "1m", "1h");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            fast        | must be a window size such as 1s, 1m or 1h, got 'fast'
            0s          | must be a window size such as 1s, 1m or 1h, got '0s'
            -1h         | must be a window size such as 1s, 1m or 1h, got '-1h'
            PT-1H       | must be a window size such as 1s, 1m or 1h, got 'PT-1H'
            5m          | must be one of the window sizes 1s, 1m, 1h, got '5m'
            500ms       | must be one of the window sizes 1s, 1m, 1h, got '500ms'
            1d          | must be one of the window sizes 1s, 1m, 1h, got '1d'
            """)
    void shouldRefuseAWindowSizeThatIsUnreadableOrNotRead(String window, String message) {
        assertThatThrownBy(() -> series.window(window))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessage("parameter 'window' " + message);
    }

    @Test
    void shouldScaleTheDefaultAndLongestRangeWithTheWindowSize() {
        WindowSize hours = series.window("1h");
        WindowSize minutes = series.window("1m");

        // As many windows as 5 minutes and 24 hours of seconds: 300 and 86,400.
        assertThat(series.range(null, null, NOW, hours)).isEqualTo(lasting(Duration.ofMinutes(5).multipliedBy(3600)));
        assertThat(series.range(null, null, NOW, minutes)).isEqualTo(lasting(Duration.ofHours(5)));
        assertThat(series.range(NOW.minus(Duration.ofDays(60)).toString(), NOW.toString(), NOW, minutes).length())
            .isEqualTo(Duration.ofDays(60));
        assertThatThrownBy(() -> series.range(NOW.minus(Duration.ofDays(61)).toString(), null, NOW, minutes))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("more than the maximum of PT1440H for 1m windows");
        assertThat(series.range(NOW.minus(Duration.ofDays(3600)).toString(), null, NOW, hours).length())
            .isEqualTo(Duration.ofDays(3600));
        assertThatThrownBy(() -> series.range(NOW.minus(Duration.ofDays(2)).toString(), null, NOW))
            .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void shouldTakeResolutionsInWholeWindowsOfTheSizeRead() {
        WindowSize hours = series.window("1h");

        assertThat(series.resolution("1h", lasting(Duration.ofDays(7)), hours)).isEqualTo(Duration.ofHours(1));
        assertThat(series.resolution("1d", lasting(Duration.ofDays(7)), hours)).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> series.resolution("30m", lasting(Duration.ofDays(7)), hours))
            .isInstanceOf(InvalidQueryException.class)
            .hasMessageContaining("whole multiple of the stored windows (1h)");
        // Automatic: the finest whole hours giving at most 300 points, then whole days for the longest ranges.
        assertThat(series.resolution(null, lasting(Duration.ofDays(7)), hours)).isEqualTo(Duration.ofHours(1));
        assertThat(series.resolution(null, lasting(Duration.ofDays(30)), hours)).isEqualTo(Duration.ofHours(6));
        Duration years = series.resolution(null, lasting(Duration.ofDays(3600)), hours);
        assertThat(years).isEqualTo(Duration.ofDays(13));
        assertThat(QueryRules.points(lasting(Duration.ofDays(3600)), years)).isLessThanOrEqualTo(300);
    }
}
