package io.tagpulse.dashboard.app;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.SinkTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The trends API over rows stored as the sink stores them: a scope's current trends, the history, the scopes, and the
 * 400s for bad parameters. Each test uses scopes of its own (the context and database are shared).
 */
@DashboardAppTest
class TrendControllerTests {

    private static final Instant T0 = Instant.parse("2032-05-01T10:00:00Z");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SinkTables tables;

    static TrendUpdate trend(String scope, String tag, String status, int startSecond, double score, long mentions) {
        Instant started = T0.plusSeconds(startSecond);
        Instant asOf = T0.plusSeconds(600);
        return new TrendUpdate(TrendUpdate.trendId(scope, tag, started), scope, tag, status, started,
                started.plusSeconds(60), mentions * 2, TrendUpdate.ENDED.equals(status) ? asOf : null, asOf, mentions,
                mentions / 2, 3.5, score, mentions / 4, List.of(new RelatedTag("java", 7), new RelatedTag("jvm", 2)),
                false, null);
    }

    @Test
    void shouldAnswerTheCurrentTrendsOfTheScopeBestFirst() throws Exception {
        tables.store(trend("platform:ctrl", "kafka", TrendUpdate.HOT, 0, 12.5, 80));
        tables.store(trend("platform:ctrl", "flink", TrendUpdate.RISING, 60, 20.0, 40));
        tables.store(trend("platform:ctrl", "gone", TrendUpdate.ENDED, 0, 30.0, 90));
        tables.store(trend("platform:other", "other", TrendUpdate.HOT, 0, 50.0, 90));

        mvc.perform(get("/api/trends?scope=platform:ctrl"))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(content().json("""
                    {"scope":"platform:ctrl","asOf":"2032-05-01T10:10:00Z","trends":[
                      {"rank":1,"trendId":"platform:ctrl|flink|1967018460000","scope":"platform:ctrl","tag":"flink",
                       "status":"RISING","startedAt":"2032-05-01T10:01:00Z","peakAt":"2032-05-01T10:02:00Z",
                       "peakPerMinute":80,"endedAt":null,"asOf":"2032-05-01T10:10:00Z","mentions":40,"authors":20,
                       "expected":3.5,"score":20.0,"perMinute":10,
                       "related":[{"tag":"java","mentions":7},{"tag":"jvm","mentions":2}],"moderated":false},
                      {"rank":2,"tag":"kafka","status":"HOT","mentions":80}]}"""))
            .andExpect(jsonPath("$.trends", hasSize(2)));
        mvc.perform(get("/api/trends?scope= platform:ctrl &limit=1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("flink")));
        mvc.perform(get("/api/trends?scope=platform:none"))
            .andExpect(status().isOk())
            .andExpect(content().json("""
                    {"scope":"platform:none","asOf":null,"trends":[]}""", true));
        mvc.perform(get("/api/trends")).andExpect(status().isOk()).andExpect(jsonPath("$.scope").value("global"));
    }

    @Test
    void shouldLeaveOutATagOnceItsHideIsRecorded() throws Exception {
        tables.store(trend("platform:hiding", "hideme", TrendUpdate.HOT, 0, 12.5, 80));
        tables.store(trend("platform:hiding", "keepme", TrendUpdate.HOT, 0, 2.5, 8));
        mvc.perform(get("/api/trends?scope=platform:hiding"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("hideme", "keepme")));

        tables.record(new ModerationDecision(ModerationDecision.HIDE, "#HideMe", "test", "spam", T0), 3, 40);

        mvc.perform(get("/api/trends?scope=platform:hiding"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("keepme")))
            .andExpect(jsonPath("$.trends[0].rank").value(1));
        mvc.perform(get("/api/trends/history?scope=platform:hiding&from=2032-05-01T00:00:00Z&to=2032-05-02T00:00:00Z"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("keepme")));
    }

    @Test
    void shouldAnswerTheTrendsThatStartedInTheRangeAndTheScopes() throws Exception {
        tables.store(trend("language:hx", "early", TrendUpdate.ENDED, -3600, 5.0, 10));
        tables.store(trend("language:hx", "ended", TrendUpdate.ENDED, 0, 5.0, 10));
        tables.store(trend("language:hx", "current", TrendUpdate.COOLING, 300, 5.0, 10));

        mvc.perform(get("/api/trends/history?scope=language:hx&from=2032-05-01T10:00:00Z&to=2032-05-01T11:00:00Z"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.scope").value("language:hx"))
            .andExpect(jsonPath("$.from").value("2032-05-01T10:00:00Z"))
            .andExpect(jsonPath("$.to").value("2032-05-01T11:00:00Z"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("current", "ended")))
            .andExpect(jsonPath("$.trends[1].status").value("ENDED"))
            .andExpect(jsonPath("$.trends[1].endedAt").value("2032-05-01T10:10:00Z"))
            .andExpect(jsonPath("$.trends[1].peakAt").value("2032-05-01T10:01:00Z"))
            .andExpect(jsonPath("$.trends[1].rank").isEmpty());
        mvc.perform(get("/api/trends/history?scope=language:hx&from=2032-05-01T10:00:00Z&to=2032-05-01T11:00:00Z"
                + "&limit=1"))
            .andExpect(jsonPath("$.trends", hasSize(1)));
        // Without a range: the last 24 hours before now, long after these.
        mvc.perform(get("/api/trends/history?scope=language:hx"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.trends", hasSize(0)));

        mvc.perform(get("/api/trends/scopes"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0]").value("global"))
            .andExpect(jsonPath("$").value(org.hamcrest.Matchers.hasItem("language:hx")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /api/trends?scope=nowhere                                          | 'scope'
            /api/trends?scope=language:                                        | 'scope'
            /api/trends?scope=LANGUAGE:en                                      | 'scope'
            /api/trends?scope=language:en-US                                   | 'scope'
            /api/trends?scope=global:x                                         | 'scope'
            /api/trends?scope=platform:%3Cimg%20src=x%3E                       | 'scope'
            /api/trends?scope=platform:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | 'scope'
            /api/trends?limit=0                                                | 'limit'
            /api/trends?limit=101                                              | 'limit'
            /api/trends?limit=ten                                              | 'limit'
            /api/trends/history?scope=x:y                                      | 'scope'
            /api/trends/history?from=2032-05-02T00:00:00Z&to=2032-05-01T00:00:00Z | 'from'
            /api/trends/history?from=2032-05-01T00:00:00Z&to=2032-05-08T00:00:01Z | 'from'
            /api/trends/history?from=yesterday                                 | 'from'
            /api/trends/history?to=2032-13-01T00:00:00Z                        | 'to'
            /api/trends/history?limit=1001                                     | 'limit'
            /api/moderation?limit=-1                                           | 'limit'
            """)
    void shouldAnswerBadRequestNamingTheParameter(String uri, String parameter) throws Exception {
        mvc.perform(get(URI.create(uri)))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.error").value(containsString(parameter)))
            .andExpect(content().string(not(containsString("Exception"))));
    }

    @Test
    void shouldNoLongerServeTheOldTrendingRanking() throws Exception {
        mvc.perform(get("/api/trending")).andExpect(status().isNotFound());
    }
}
