package io.tagpulse.sink;

import java.time.Duration;
import java.time.Instant;

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
        assertThat(rules.range("", " ", NOW)).isEqualTo(new TimeRange(NOW.minusSeconds(300), NOW));
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
}
