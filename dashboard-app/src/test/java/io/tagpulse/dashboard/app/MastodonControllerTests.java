package io.tagpulse.dashboard.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.MastodonTrends;
import io.tagpulse.dashboard.SinkTables;
import io.tagpulse.web.HttpProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static io.tagpulse.web.HttpProbe.assertNoInternals;
import static io.tagpulse.web.HttpProbe.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/trends/tags} on a real server with the API token set (and not sent: Mastodon's trends are open),
 * over a database of its own, so that the global scope holds only these trends: Mastodon's exact shape, the week of
 * uses and accounts per UTC day, the pages and their Link header, the 400s.
 */
@DashboardServerTest({ "spring.datasource.url=jdbc:h2:mem:dashboard-mastodon;DB_CLOSE_DELAY=-1",
        "tagpulse.dashboard.api.token=s3cret-m4st0d0n",
        "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
class MastodonControllerTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired
    private Environment environment;

    @Autowired
    private SinkTables tables;

    private static Instant midnight(int daysAgo) {
        return TODAY.minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String seconds(int daysAgo) {
        return Long.toString(midnight(daysAgo).getEpochSecond());
    }

    private static TrendUpdate trend(String tag, double score) {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant started = asOf.minusSeconds(600);
        return new TrendUpdate(TrendUpdate.trendId("global", tag, started), "global", tag, TrendUpdate.HOT, started,
                started, 90, null, asOf, 120, 40, 10, score, 60, List.of(), false, null);
    }

    private static HashtagCount count(String tag, Instant start, Duration size, long count) {
        return new HashtagCount(tag, start, start.plus(size), count);
    }

    private static boolean stored;

    /** The same rows for every test, stored once. */
    @BeforeEach
    void store() {
        if (stored) {
            return;
        }
        stored = true;
        tables.store(trend("alpha", 30));
        tables.store(trend("beta", 20));
        tables.store(trend("gamma", 10));
        tables.store(trend("hushed", 40));
        tables.record(new ModerationDecision(ModerationDecision.HIDE, "hushed", "ops", "test", Instant.EPOCH), 0, 1);
        Duration minute = Duration.ofMinutes(1);
        Duration hour = Duration.ofHours(1);
        tables.store(List.of(
                // Today: 1-minute windows sum to 8 (the hopping one starting at :10 overlaps them and is not read);
                // the hour windows saw only 6 of them (started late), the 1-second ones are not read at all.
                count("alpha", midnight(0), minute, 5), count("alpha", midnight(0).plusSeconds(10), minute, 7),
                count("alpha", midnight(0).plusSeconds(3600), minute, 3), count("alpha", midnight(0), hour, 6),
                count("alpha", midnight(0).plusSeconds(5), Duration.ofSeconds(1), 50),
                // Yesterday: the hours saw 100, the minutes only 40 (kept shorter).
                count("alpha", midnight(1).plusSeconds(7200), hour, 100), count("alpha", midnight(1), minute, 40),
                // Six days ago, the week's oldest day; seven days ago is beyond it.
                count("alpha", midnight(6).plusSeconds(86_340), minute, 2), count("alpha", midnight(7), hour, 999)));
        tables.storeDayAuthors("alpha", TODAY, 4);
        tables.storeDayAuthors("alpha", TODAY.minusDays(7), 50);
        tables.storeDayAuthors("beta", TODAY.minusDays(3), 9);
    }

    private HttpResponse<String> trends(String query) throws Exception {
        return get(environment, "/api/v1/trends/tags" + query);
    }

    private String base() {
        return HttpProbe.baseUrl(environment);
    }

    private String day(int daysAgo, long uses, long accounts) {
        return "{\"day\":\"" + seconds(daysAgo) + "\",\"uses\":\"" + uses + "\",\"accounts\":\"" + accounts + "\"}";
    }

    @Test
    void shouldAnswerMastodonsShapeWithAWeekOfUsesAndAccountsTodayFirstWithoutTheToken() throws Exception {
        HttpResponse<String> response = trends("");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
            .startsWith("application/json"));
        assertThat(response.headers().firstValue("Link")).isEmpty();
        String alpha = "{\"id\":\"" + MastodonTrends.idOf("alpha") + "\",\"name\":\"alpha\",\"url\":\"" + base()
                + "/?tag=alpha\",\"history\":[" + day(0, 8, 4) + "," + day(1, 100, 1) + "," + day(2, 0, 0) + ","
                + day(3, 0, 0) + "," + day(4, 0, 0) + "," + day(5, 0, 0) + "," + day(6, 2, 1) + "]}";
        // beta's day 3 has a stored figure (9) though it had no uses in the windows read: the figure stands.
        String beta = "{\"id\":\"" + MastodonTrends.idOf("beta") + "\",\"name\":\"beta\",\"url\":\"" + base()
                + "/?tag=beta\",\"history\":[" + day(0, 0, 0) + "," + day(1, 0, 0) + "," + day(2, 0, 0) + ","
                + day(3, 0, 9) + "," + day(4, 0, 0) + "," + day(5, 0, 0) + "," + day(6, 0, 0) + "]}";
        JSONAssert.assertEquals("[" + alpha + "," + beta + ",{\"name\":\"gamma\"}]", response.body(),
                JSONCompareMode.STRICT_ORDER);
        // Every value is a string, every history has 7 days, and nothing else is said.
        assertThat(response.body()).doesNotContainPattern("\"\\w+\":\\s*\\d").doesNotContain("hushed", "null");
        assertThat(response.body().split("\"day\"", -1)).hasSize(3 * 7 + 1);
        assertThat(MastodonTrends.idOf("alpha")).matches("\\d{1,19}").isNotEqualTo(MastodonTrends.idOf("beta"));
    }

    @Test
    void shouldPageWithLimitAndOffsetAndLinkTheNextAndPreviousPagesAsMastodonDoes() throws Exception {
        HttpResponse<String> first = trends("?limit=1");
        assertThat(first.body()).contains("\"name\":\"alpha\"").doesNotContain("beta");
        assertThat(first.headers().firstValue("Link")).contains("<" + base()
                + "/api/v1/trends/tags?limit=1&offset=1>; rel=\"next\"");

        HttpResponse<String> second = trends("?limit=1&offset=1");
        assertThat(second.body()).contains("\"name\":\"beta\"").doesNotContain("alpha");
        assertThat(second.headers().firstValue("Link")).contains("<" + base()
                + "/api/v1/trends/tags?limit=1&offset=2>; rel=\"next\", <" + base()
                + "/api/v1/trends/tags?limit=1&offset=0>; rel=\"prev\"");

        HttpResponse<String> last = trends("?offset=2&limit=1");
        assertThat(last.body()).contains("\"name\":\"gamma\"");
        assertThat(last.headers().firstValue("Link")).contains("<" + base()
                + "/api/v1/trends/tags?limit=1&offset=1>; rel=\"prev\"");

        // Without a limit, none in the links; a limit over 20 is read as 20, as Mastodon does.
        assertThat(trends("?offset=1").headers().firstValue("Link")).contains("<" + base()
                + "/api/v1/trends/tags?offset=0>; rel=\"prev\"");
        HttpResponse<String> many = trends("?limit=40");
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(many.body().split("\"id\"", -1)).hasSize(4);
        assertThat(trends("?offset=3").body()).isEqualTo("[]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "?limit=0", "?limit=-1", "?limit=abc", "?limit=1e3", "?limit=99999999999",
        "?limit=%00", "?offset=-1", "?offset=1001", "?offset=x", "?offset=9223372036854775808" })
    void shouldRefuseABadLimitOrOffsetWith400NamingIt(String query) throws Exception {
        HttpResponse<String> response = trends(query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(query.substring(1, query.indexOf('=')));
        assertNoInternals(response);
    }

    @Test
    void shouldStillGuardTheRestOfTheApiWithTheToken() throws Exception {
        assertThat(get(environment, "/api/trends").statusCode()).isEqualTo(401);
        assertThat(get(environment, "/api/v1/trends/tagsX").statusCode()).isEqualTo(401);
        assertThat(get(environment, "/api/v1/trends").statusCode()).isEqualTo(401);
    }
}
