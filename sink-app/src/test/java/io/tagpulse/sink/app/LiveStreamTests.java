package io.tagpulse.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.CountCoalescer;
import io.tagpulse.sink.HashtagCountRepository;
import io.tagpulse.sink.TrendingRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The live stream: the store's application events reach the clients of /api/stream as coalesced updates. */
@SinkAppTest
class LiveStreamTests {

    private static final Instant T0 = Instant.parse("2031-02-03T04:05:06Z");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private HashtagCountRepository counts;

    @Autowired
    private TrendingRepository trending;

    @Test
    void shouldStreamCoalescedCountsAndTheRankingAfterTheStoreCommits() throws Exception {
        MvcResult stream = mvc.perform(get("/api/stream").accept(MediaType.TEXT_EVENT_STREAM))
            .andExpect(request().asyncStarted())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
            .andReturn();
        await().untilAsserted(() -> assertThat(stream.getResponse().getContentAsString())
            .contains("event:ready").contains("\"intervalMillis\":1000"));

        // What the store publishes after a commit: each stored count (two of the same window) and the ranking.
        events.publishEvent(new HashtagCount("livetag", T0, T0.plusSeconds(1), 2, "LiveTag"));
        events.publishEvent(new HashtagCount("livetag", T0, T0.plusSeconds(1), 6, "LiveTag"));
        events.publishEvent(new HashtagCount("livetag", T0, T0.plusSeconds(60), 60, "LiveTag"));
        Instant window = Instant.parse("2199-01-01T00:00:00Z");
        counts.upsert(List.of(new HashtagCount("livetag", window, window.plusSeconds(1), 9, "LiveTag")));
        TrendingTags ranking = new TrendingTags(window, window.plusSeconds(1), 8,
                List.of(new TagTrend("livetag", 9, 1.5, 4.0)));
        trending.replace(ranking);
        events.publishEvent(ranking);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String body = stream.getResponse().getContentAsString();
            assertThat(body).contains("event:counts")
                .contains("{\"tag\":\"livetag\",\"display\":\"LiveTag\",\"windowStart\":\"2031-02-03T04:05:06Z\","
                        + "\"windowEnd\":\"2031-02-03T04:05:07Z\",\"count\":6}")
                .doesNotContain("\"count\":2}")
                .doesNotContain("\"count\":60}");
            assertThat(body).contains("event:trending")
                .contains("\"windowStart\":\"2199-01-01T00:00:00Z\"")
                .contains("{\"rank\":1,\"tag\":\"livetag\",\"display\":\"LiveTag\",\"count\":9,\"baseline\":1.5,"
                        + "\"score\":4.0}");
        });
    }

    @Test
    void shouldAnswerServiceUnavailableInJsonWhenTheStreamIsFull() throws Exception {
        SinkProperties properties = new SinkProperties();
        properties.getApi().setStreamMaxClients(1);
        LiveStream full = new LiveStream(new CountCoalescer(1000), () -> TrendingAnswer.of(null), properties.getApi());
        try {
            MockMvc standalone = MockMvcBuilders.standaloneSetup(new QueryController(null, null,
                    properties.toQueryRules(), properties, full, Clock.systemUTC()))
                .setControllerAdvice(new ApiErrors())
                .build();
            standalone.perform(get("/api/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted());

            standalone.perform(get("/api/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value("the live stream has its maximum of 1 clients, try again later"));
        }
        finally {
            full.destroy();
        }
    }

    @Test
    void shouldRefuseClientsBeyondTheMaximum() {
        SinkProperties.Api settings = new SinkProperties.Api();
        settings.setStreamMaxClients(1);
        LiveStream stream = new LiveStream(new CountCoalescer(1000), () -> TrendingAnswer.of(null), settings);
        try {
            stream.subscribe();
            assertThatThrownBy(stream::subscribe).isInstanceOf(LiveStream.TooManyClientsException.class)
                .hasMessageContaining("maximum of 1 clients");
            assertThat(stream.clients()).isEqualTo(1);
        }
        finally {
            stream.destroy();
        }
    }
}
