package io.tagpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TrendContractsTests {

    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "global, global",
        "' global ', global",
        "language:en, language:en",
        "platform:bluesky, platform:bluesky",
        "platform:x.com, platform:x.com",
    })
    void scopesReadBackAsWritten(String text, String expected) {
        assertThat(TrendScope.parse(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "", "everywhere", "global:en", "language:", "language:EN", "platform:a b",
        "platform:<script>", "language:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
    void badScopesAreRefusedWithAReason(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> TrendScope.parse(text)).withMessageContaining("scope");
    }

    @Test
    void languageScopesUseThePrimarySubtag() {
        assertThat(TrendScope.language("pt-BR")).hasToString("language:pt");
        assertThat(TrendScope.platform("Bluesky")).hasToString("platform:bluesky");
    }

    @Test
    void aTrendUpdateRoundTripsThroughJson() {
        TrendUpdate update = new TrendUpdate(TrendUpdate.trendId("global", "kafka", START), "global", "kafka",
                TrendUpdate.HOT, START, START.plusSeconds(60), 120, null, START.plusSeconds(90), 400, 57, 12.5, 21.3,
                95, List.of(new RelatedTag("streams", 40)), false, TrendUpdate.CURRENT_VERSION);

        TrendUpdate read = TagpulseJson.readTrend(TagpulseJson.write(update));

        assertThat(read).isEqualTo(update);
        assertThat(read.trendId()).isEqualTo("global|kafka|" + START.toEpochMilli());
    }

    @Test
    void aVersionTwoTrendUpdateRoundTripsWithItsAuthorsByDay() {
        Instant today = DayAuthors.dayOf(START.toEpochMilli());
        TrendUpdate update = new TrendUpdate(TrendUpdate.trendId("global", "kafka", START), "global", "kafka",
                TrendUpdate.HOT, START, START, 120, null, START.plusSeconds(90), 400, 57, 12.5, 21.3, 95, List.of(),
                false, List.of(new DayAuthors(today, 57), new DayAuthors(today.minusSeconds(86_400), 3)),
                TrendUpdate.CURRENT_VERSION);

        String json = TagpulseJson.writeString(update);
        TrendUpdate read = TagpulseJson.readTrend(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(update);
        assertThat(read.version()).isEqualTo(2);
        assertThat(json).contains("\"authorsByDay\":[{\"day\":\"2026-12-06T00:00:00Z\",\"authors\":57},"
                + "{\"day\":\"2026-12-05T00:00:00Z\",\"authors\":3}]");
    }

    @Test
    void aVersionOneTrendUpdateStillReadsWithoutAuthorsByDay() {
        String json = """
                {"trendId":"global|kafka|1796551200000","scope":"global","tag":"kafka","status":"HOT",
                 "startedAt":"2026-12-06T10:00:00Z","peakAt":"2026-12-06T10:01:00Z","peakPerMinute":120,
                 "asOf":"2026-12-06T10:01:30Z","mentions":400,"authors":57,"expected":12.5,"score":21.3,
                 "perMinute":95,"related":[{"tag":"streams","mentions":40}],"moderated":false}""";

        TrendUpdate read = TagpulseJson.readTrend(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.version()).isEqualTo(1);
        assertThat(read.authorsByDay()).isEmpty();
        assertThat(read.authors()).isEqualTo(57);
    }

    @Test
    void invalidAuthorsByDayAreRefusedWithEveryReason() {
        String eightDays = String.join(",", java.util.Collections.nCopies(8,
                "{\"day\":\"2026-12-01T00:00:00Z\",\"authors\":1}"));
        String json = """
                {"trendId":"global|kafka|1","scope":"global","tag":"kafka","status":"HOT",
                 "startedAt":"2026-12-06T10:00:00Z","asOf":"2026-12-06T10:00:00Z","peakPerMinute":1,"mentions":1,
                 "authors":1,"expected":1.0,"score":1.0,"perMinute":1,"moderated":false,
                 "authorsByDay":[%s,{"day":"2026-12-06T10:00:00Z","authors":-1},{"day":"2026-12-07T00:00:00Z",
                 "authors":2}]}""".formatted(eightDays);

        assertThatThrownBy(() -> TagpulseJson.readTrend(json.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'authorsByDay' holds 10 days, at most 7")
            .hasMessageContaining("must be a UTC midnight")
            .hasMessageContaining("must not be negative")
            .hasMessageContaining("lists a day twice")
            .hasMessageContaining("lists a day after 'asOf'");
        TrendUpdate nullDay = new TrendUpdate("global|kafka|1", "global", "kafka", TrendUpdate.HOT, START, START, 1,
                null, START, 1, 1, 1, 1, 1, List.of(), false, java.util.Arrays.asList(new DayAuthors(null, 1), null),
                2);
        assertThat(nullDay.problems()).containsExactly("every entry of 'authorsByDay' needs a 'day'");
    }

    @Test
    void anInvalidTrendUpdateNamesEveryProblem() {
        String json = """
                {"scope":"language:EN","tag":"kafka","status":"ENDED","asOf":"2026-12-06T10:00:00Z",
                 "peakPerMinute":1,"mentions":1,"authors":1,"expected":1.0,"score":1.0,"perMinute":1,
                 "moderated":false}""";

        assertThatThrownBy(() -> TagpulseJson.readTrend(json.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("'trendId'")
            .hasMessageContaining("field 'scope'")
            .hasMessageContaining("'startedAt'")
            .hasMessageContaining("'endedAt'");
    }

    @Test
    void moderationDecisionsAreKeyedByWhatTheyDecide() {
        assertThat(new ModerationDecision(ModerationDecision.HIDE, "#Kafka", "ops", "spam", START).key())
            .isEqualTo("tag:kafka");
        ModerationDecision list = new ModerationDecision(ModerationDecision.BLOCK_LIST, "#spam, nsfw* *casino*",
                "ops", "", START);
        assertThat(list.key()).isEqualTo(ModerationDecision.BLOCK_LIST_KEY);
        assertThat(list.blockList().blocks("onlinecasino")).isTrue();
        assertThat(list.blockList().blocks("kafka")).isFalse();
    }

    @Test
    void anInvalidModerationDecisionIsRefused() {
        String json = "{\"action\":\"BLOCK_LIST\",\"subject\":\"*\",\"at\":\"2026-12-06T10:00:00Z\"}";

        assertThatThrownBy(() -> TagpulseJson.readModeration(json.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("would block every tag")
            .hasMessageContaining("'by'");
        assertThat(new ModerationDecision(ModerationDecision.HIDE, " # ", "ops", "", START).problems())
            .anyMatch(problem -> problem.contains("must name a tag"));
    }
}
