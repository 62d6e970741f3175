package io.tagpulse.sink.app;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.sink.HashtagCountRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SinkAppTest
class QueryControllerTests {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static final String RANGE = "from=2030-01-01T00:00:00Z&to=2030-01-01T00:01:00Z";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private HashtagCountRepository repository;

    private static HashtagCount count(String tag, int second, long count) {
        return new HashtagCount(tag, T0.plusSeconds(second), T0.plusSeconds(second + 1), count);
    }

    @BeforeEach
    void seed() {
        repository.upsert(List.of(count("alpha", 0, 4), count("alpha", 1, 5), count("beta", 0, 2), count("beta", 2, 3),
                count("gamma", 1, 1), count("alpha", 60, 100)));
    }

    @Test
    void shouldAnswerTopTagsMostFirst() throws Exception {
        mvc.perform(get("/api/tags/top?" + RANGE))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(content().json("""
                    [{"tag":"alpha","count":9},{"tag":"beta","count":5},{"tag":"gamma","count":1}]""", true));
    }

    @Test
    void shouldLimitTopTags() throws Exception {
        mvc.perform(get("/api/tags/top?" + RANGE + "&limit=2"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    [{"tag":"alpha","count":9},{"tag":"beta","count":5}]""", true));
    }

    @Test
    void shouldDefaultToTheLastMinutes() throws Exception {
        Instant recent = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        repository.upsert(List.of(new HashtagCount("recentdefault", recent, recent.plusSeconds(1), 7)));

        mvc.perform(get("/api/tags/top"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[?(@.tag == 'recentdefault')].count").value(7))
            .andExpect(jsonPath("$[?(@.tag == 'alpha')]").isEmpty());
    }

    @Test
    void shouldAnswerSeriesOfNormalizedTagAscending() throws Exception {
        mvc.perform(get("/api/tags/{tag}/series?" + RANGE, "#ALPHA"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"tag":"alpha","from":"2030-01-01T00:00:00Z","to":"2030-01-01T00:01:00Z","points":[
                      {"windowStart":"2030-01-01T00:00:00Z","windowEnd":"2030-01-01T00:00:01Z","count":4},
                      {"windowStart":"2030-01-01T00:00:01Z","windowEnd":"2030-01-01T00:00:02Z","count":5}]}""",
                    true));
    }

    @Test
    void shouldAnswerEmptySeriesForUnknownTag() throws Exception {
        mvc.perform(get("/api/tags/{tag}/series?" + RANGE, "nothing"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.tag").value("nothing"))
            .andExpect(jsonPath("$.points").isEmpty());
    }

    @Test
    void shouldAnswerTheLatestWindow() throws Exception {
        mvc.perform(get("/api/windows/latest"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.windowStart").value("2030-01-01T00:01:00Z"))
            .andExpect(jsonPath("$.windowEnd").value("2030-01-01T00:01:01Z"));
    }

    @Test
    void shouldAnswerTheDashboardSettings() throws Exception {
        mvc.perform(get("/api/dashboard"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"refreshMillis":2000,"rangeMillis":300000,"chartedTags":5}""", true));
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
            """)
    void shouldAnswerBadRequestNamingTheParameter(String uri, String parameter) throws Exception {
        mvc.perform(get(java.net.URI.create(uri)))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.error").value(containsString(parameter)))
            .andExpect(content().string(not(containsString("Exception"))))
            .andExpect(content().string(not(containsString("\tat "))));
    }

    @Test
    void shouldServeTheDashboardAtTheRoot() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
        mvc.perform(get("/index.html"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("dashboard.js")))
            .andExpect(content().string(not(containsString("http"))));
        mvc.perform(get("/dashboard.js"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("api/tags/top")))
            .andExpect(content().string(not(containsString("innerHTML"))));
        mvc.perform(get("/dashboard.css")).andExpect(status().isOk());
    }
}
