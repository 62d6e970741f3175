package io.tagpulse.dashboard.app;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.dashboard.SinkTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@DashboardAppTest
class QueryControllerTests {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static final String RANGE = "from=2030-01-01T00:00:00Z&to=2030-01-01T00:01:00Z";

    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SinkTables tables;

    private static HashtagCount count(String tag, int second, long count) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    private static HashtagCount count(String tag, int second, long count, String display) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count, display);
    }

    @BeforeEach
    void seed() {
        tables.store(List.of(count("alpha", 0, 4, "Alpha"), count("alpha", 1, 5, "ALPHA"), count("beta", 0, 2),
                count("beta", 2, 3), count("gamma", 1, 1), count("alpha", 60, 100), count("beta", 15, 10),
                count(HOSTILE, 3, 7, HOSTILE)));
        // A count of another window size (the counter's hopping windows) must not be added to the velocity windows.
        tables.store(List.of(new HashtagCount("alpha", T0, T0.plusSeconds(60), 1000)));
    }

    private static void assertNoStackTrace(ResultActions result) throws Exception {
        result.andExpect(content().string(not(containsString("Exception"))))
            .andExpect(content().string(not(containsString("\tat "))))
            .andExpect(content().string(not(containsString("trace"))));
    }

    @Test
    void shouldAnswerTopTagsMostFirstWithTheirLatestDisplayForm() throws Exception {
        mvc.perform(get("/api/tags/top?" + RANGE))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(content().json("""
                    [{"tag":"beta","display":"beta","count":15},{"tag":"alpha","display":"ALPHA","count":9},
                     {"tag":"<img src=x onerror=alert(1)>","display":"<img src=x onerror=alert(1)>","count":7},
                     {"tag":"gamma","display":"gamma","count":1}]""", true));
    }

    @Test
    void shouldLimitTopTags() throws Exception {
        mvc.perform(get("/api/tags/top?" + RANGE + "&limit=2"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$", hasSize(2)))
            .andExpect(jsonPath("$[0].tag").value("beta"))
            .andExpect(jsonPath("$[1].tag").value("alpha"));
    }

    @Test
    void shouldDefaultToTheLastMinutes() throws Exception {
        Instant recent = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        tables.store(List.of(new HashtagCount("recentdefault", recent, recent.plusSeconds(1), 7)));

        mvc.perform(get("/api/tags/top"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[?(@.tag == 'recentdefault')].count").value(7))
            .andExpect(jsonPath("$[?(@.tag == 'alpha')]").isEmpty());
    }

    @Test
    void shouldAnswerStoredWindowsOfNormalizedTagAscending() throws Exception {
        mvc.perform(get("/api/tags/{tag}/series?from=2030-01-01T00:00:00Z&to=2030-01-01T00:00:10Z", "#ALPHA"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"tag":"alpha","display":"ALPHA","from":"2030-01-01T00:00:00Z","to":"2030-01-01T00:00:10Z",
                     "points":[
                      {"windowStart":"2030-01-01T00:00:00Z","windowEnd":"2030-01-01T00:00:01Z","count":4},
                      {"windowStart":"2030-01-01T00:00:01Z","windowEnd":"2030-01-01T00:00:02Z","count":5}]}""",
                    true));
    }

    @Test
    void shouldAnswerEmptyWindowsForKnownTagOutsideItsData() throws Exception {
        mvc.perform(get("/api/tags/{tag}/series?from=2030-01-02T00:00:00Z&to=2030-01-02T00:01:00Z", "gamma"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.tag").value("gamma"))
            .andExpect(jsonPath("$.points").isEmpty());
    }

    @Test
    void shouldAnswerNotFoundNamingAnUnknownTag() throws Exception {
        assertNoStackTrace(mvc.perform(get("/api/tags/{tag}/series?" + RANGE, "neverseen"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.error").value("unknown tag 'neverseen': no counts were ever stored for it"))
            .andExpect(jsonPath("$.tags[0]").value("neverseen")));
        mvc.perform(get(URI.create("/api/series?tag=alpha&tag=neverseen&tag=%23NeverEver&" + RANGE)))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.error").value(containsString("'neverseen', 'neverever'")))
            .andExpect(jsonPath("$.tags", hasSize(2)));
    }

    @Test
    void shouldAnswerSeriesOfSeveralTagsOnePointPerSecondIncludingEmptySeconds() throws Exception {
        mvc.perform(get(URI.create("/api/series?tag=alpha&tag=%23Beta&from=2030-01-01T00:00:00Z"
                + "&to=2030-01-01T00:00:04Z&resolution=1s")))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"from":"2030-01-01T00:00:00Z","to":"2030-01-01T00:00:04Z","resolutionMillis":1000,"series":[
                      {"tag":"alpha","display":"ALPHA","points":[
                        {"start":"2030-01-01T00:00:00Z","end":"2030-01-01T00:00:01Z","count":4,"perSecond":4.0},
                        {"start":"2030-01-01T00:00:01Z","end":"2030-01-01T00:00:02Z","count":5,"perSecond":5.0},
                        {"start":"2030-01-01T00:00:02Z","end":"2030-01-01T00:00:03Z","count":0,"perSecond":0.0},
                        {"start":"2030-01-01T00:00:03Z","end":"2030-01-01T00:00:04Z","count":0,"perSecond":0.0}]},
                      {"tag":"beta","display":"beta","points":[
                        {"start":"2030-01-01T00:00:00Z","end":"2030-01-01T00:00:01Z","count":2,"perSecond":2.0},
                        {"start":"2030-01-01T00:00:01Z","end":"2030-01-01T00:00:02Z","count":0,"perSecond":0.0},
                        {"start":"2030-01-01T00:00:02Z","end":"2030-01-01T00:00:03Z","count":3,"perSecond":3.0},
                        {"start":"2030-01-01T00:00:03Z","end":"2030-01-01T00:00:04Z","count":0,"perSecond":0.0}]}
                    ]}""", true));
    }

    @Test
    void shouldSumWindowsIntoBucketsAlignedOnTheResolution() throws Exception {
        // beta: 2 at 0s, 3 at 2s, 10 at 15s. The range 00:00:05-00:00:25 widens to whole buckets, 00:00:00-00:00:30.
        mvc.perform(get("/api/series?tag=beta&from=2030-01-01T00:00:05Z&to=2030-01-01T00:00:25Z&resolution=10s"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.from").value("2030-01-01T00:00:00Z"))
            .andExpect(jsonPath("$.to").value("2030-01-01T00:00:30Z"))
            .andExpect(jsonPath("$.resolutionMillis").value(10000))
            .andExpect(jsonPath("$.series[0].points[*].count").value(org.hamcrest.Matchers.contains(5, 10, 0)))
            .andExpect(jsonPath("$.series[0].points[1].perSecond").value(1.0));
        mvc.perform(get("/api/series?tag=alpha&tag=beta&" + RANGE + "&resolution=1m"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.series[0].points", hasSize(1)))
            .andExpect(jsonPath("$.series[0].points[0].count").value(9))
            .andExpect(jsonPath("$.series[0].points[0].perSecond").value(0.15))
            .andExpect(jsonPath("$.series[1].points[0].count").value(15));
    }

    @Test
    void shouldChooseAResolutionWhenNoneIsGiven() throws Exception {
        mvc.perform(get("/api/series?tag=alpha&" + RANGE))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.resolutionMillis").value(1000))
            .andExpect(jsonPath("$.series[0].points", hasSize(60)));
        mvc.perform(get("/api/series?tag=alpha&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.resolutionMillis").value(300000))
            .andExpect(jsonPath("$.series[0].points", hasSize(288)))
            .andExpect(jsonPath("$.series[0].points[0].count").value(109));
    }

    @Test
    void shouldAnswerTheHostileTagAsPlainJsonText() throws Exception {
        mvc.perform(get("/api/series").param("tag", HOSTILE).param("from", "2030-01-01T00:00:00Z")
            .param("to", "2030-01-01T00:00:05Z"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.series[0].tag").value(HOSTILE))
            .andExpect(jsonPath("$.series[0].display").value(HOSTILE))
            .andExpect(jsonPath("$.series[0].points[3].count").value(7));
    }

    @Test
    void shouldAnswerEveryStoredWindowSizeWhenAsked() throws Exception {
        Instant hour = Instant.parse("2031-06-01T00:00:00Z");
        tables.store(List.of(new HashtagCount("hourtag", hour, hour.plusSeconds(3600), 400, "HourTag"),
                new HashtagCount("hourtag", hour.plusSeconds(3600), hour.plusSeconds(7200), 100),
                new HashtagCount("hourtag", hour, hour.plusSeconds(1), 7)));
        String day = "from=2031-06-01T00:00:00Z&to=2031-06-02T00:00:00Z";

        mvc.perform(get("/api/tags/top?window=1h&" + day))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    [{"tag":"hourtag","display":"HourTag","count":500}]""", true));
        mvc.perform(get("/api/tags/top?" + day))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    [{"tag":"hourtag","display":"hourtag","count":7}]""", true));
        mvc.perform(get("/api/series?tag=hourtag&window=1h&resolution=1h&" + day))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.resolutionMillis").value(3600000))
            .andExpect(jsonPath("$.series[0].points", hasSize(24)))
            .andExpect(jsonPath("$.series[0].points[0].count").value(400))
            .andExpect(jsonPath("$.series[0].points[1].count").value(100));
        // A week of hours is within the longest range for hour windows (as many windows as 24 h of seconds).
        mvc.perform(get("/api/series?tag=hourtag&window=PT1H&from=2031-05-28T00:00:00Z&to=2031-06-04T00:00:00Z"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.resolutionMillis").value(3600000))
            .andExpect(jsonPath("$.series[0].points", hasSize(168)));
        mvc.perform(get("/api/tags/{tag}/series?window=1h&" + day, "hourtag"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.points[*].count").value(org.hamcrest.Matchers.contains(400, 100)));
        mvc.perform(get("/api/windows"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[*].window").value(org.hamcrest.Matchers.contains("1s", "1m", "1h")))
            .andExpect(jsonPath("$[0].velocity").value(true))
            .andExpect(jsonPath("$[2].millis").value(3600000))
            .andExpect(jsonPath("$[2].latestStart").isNotEmpty());
    }

    @Test
    void shouldAnswerTheLatestWindow() throws Exception {
        tables.store(List.of(new HashtagCount("future", Instant.parse("2200-01-01T00:00:00Z"),
                Instant.parse("2200-01-01T00:00:01Z"), 1)));
        mvc.perform(get("/api/windows/latest"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.windowStart").value("2200-01-01T00:00:00Z"))
            .andExpect(jsonPath("$.windowEnd").value("2200-01-01T00:00:01Z"));
    }

    @Test
    void shouldAnswerTheDashboardSettings() throws Exception {
        mvc.perform(get("/api/dashboard"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"refreshMillis":2000,"rangeMillis":300000,"chartedTags":5,"maxRangeMillis":86400000,
                     "trendsLimit":20}""",
                    true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /api/tags/top?from=2030-01-01T00:01:00Z&to=2030-01-01T00:00:00Z   | 'from'
            /api/tags/top?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:01Z   | 'from'
            /api/tags/top?from=yesterday                                      | 'from'
            /api/tags/top?to=2030-13-01T00:00:00Z                             | 'to'
            /api/tags/top?limit=0                                             | 'limit'
            /api/tags/top?limit=101                                           | 'limit'
            /api/tags/top?limit=ten                                           | 'limit'
            /api/tags/alpha/series?from=2030-01-01                            | 'from'
            /api/tags/alpha/series?from=2030-01-01T00:01:00Z&to=2030-01-01T00:00:00Z | 'from'
            /api/tags/%23/series                                              | 'tag'
            /api/series                                                       | 'tag'
            /api/series?tag=%23                                               | 'tag'
            /api/series?tag=a&tag=b&tag=c&tag=d&tag=e&tag=f&tag=g&tag=h&tag=i&tag=j&tag=k | 'tag'
            /api/series?tag=alpha&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:01Z | 'from'
            /api/series?tag=alpha&from=2030-01-01T00:00:00Z&to=2030-01-01T02:00:00Z&resolution=1s | 'resolution'
            /api/series?tag=alpha&resolution=fast                             | 'resolution'
            /api/series?tag=alpha&resolution=500ms                            | 'resolution'
            /api/series?tag=alpha&resolution=1500ms                           | 'resolution'
            /api/series?tag=alpha&resolution=-1s                              | 'resolution'
            /api/series?tag=alpha&resolution=PT-1S                            | 'resolution'
            /api/series?tag=alpha&resolution=PT9999999999999H                 | 'resolution'
            /api/series?tag=alpha&limit=ten&to=now                            | 'to'
            /api/tags/top?window=5m                                           | 'window'
            /api/tags/top?window=fast                                         | 'window'
            /api/tags/top?window=0s                                           | 'window'
            /api/tags/alpha/series?window=2h                                  | 'window'
            /api/series?tag=alpha&window=-1m                                  | 'window'
            /api/series?tag=alpha&window=1h&resolution=30m                    | 'resolution'
            /api/windows/latest?window=PT5M                                   | 'window'
            /api/tags/top?window=1m&from=2030-01-01T00:00:00Z&to=2030-03-02T00:00:01Z | 'from'
            """)
    void shouldAnswerBadRequestNamingTheParameter(String uri, String parameter) throws Exception {
        assertNoStackTrace(mvc.perform(get(URI.create(uri)))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.error").value(containsString(parameter))));
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsInJsonWithoutStackTraces() throws Exception {
        assertNoStackTrace(mvc.perform(get("/api/nothing-here"))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.error").value(containsString("/api/nothing-here"))));
        assertNoStackTrace(mvc.perform(post("/api/tags/top"))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(jsonPath("$.error").value(containsString("POST"))));
    }

    @Test
    void shouldServeTheDashboardAtTheRoot() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
        mvc.perform(get("/index.html"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("dashboard.js")))
            .andExpect(content().string(containsString("webjars/chart.js/dist/chart.umd.min.js")))
            .andExpect(content().string(not(containsString("http"))))
            .andExpect(content().string(not(containsString("<style"))))
            .andExpect(content().string(not(containsString("style="))))
            .andExpect(content().string(not(containsString("<script>"))))
            .andExpect(content().string(not(containsString(" on"))));
        mvc.perform(get("/dashboard.js"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("api/series")))
            .andExpect(content().string(not(containsString("innerHTML"))))
            .andExpect(content().string(not(containsString("insertAdjacentHTML"))))
            .andExpect(content().string(not(containsString("document.write"))));
        mvc.perform(get("/dashboard.css")).andExpect(status().isOk());
    }

    @Test
    void shouldServeTheChartLibraryFromItsWebJar() throws Exception {
        mvc.perform(get("/webjars/chart.js/dist/chart.umd.min.js"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("Chart")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/index.html", "/dashboard.js", "/webjars/chart.js/dist/chart.umd.min.js",
            "/api/tags/top", "/api/nothing-here" })
    void shouldSendTheContentSecurityPolicyWithEveryAnswer(String path) throws Exception {
        mvc.perform(get(path))
            .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
            .andExpect(header().string("Content-Security-Policy", containsString("style-src 'self'")))
            .andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
            .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe"))))
            .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }
}
