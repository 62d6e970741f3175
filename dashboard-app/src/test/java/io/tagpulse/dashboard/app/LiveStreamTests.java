package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.dashboard.CountCoalescer;
import io.tagpulse.dashboard.SinkTables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.http.MediaType;
import org.springframework.messaging.support.MessageBuilder;
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

/**
 * The live stream: counts and rankings read from the counter's topics (here through the test binder) reach the
 * clients of /api/stream as coalesced updates; the trending event carries the ranking as the database answers it.
 */
@DashboardAppTest
class LiveStreamTests {

    private static final Instant T0 = Instant.parse("2031-02-03T04:05:06Z");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private InputDestination input;

    @Autowired
    private SinkTables tables;

    /** Sends the counts as one polled batch, as the Kafka binder delivers them in batch mode. */
    private void sendCounts(HashtagCount... counts) {
        List<byte[]> values = java.util.Arrays.stream(counts).map(TagpulseJson::write).toList();
        input.send(MessageBuilder.withPayload(values).build(), Topics.HASHTAG_COUNTS);
    }

    @Test
    void shouldStreamTheCountsReadCoalescedAndTheRankingOnceStored() throws Exception {
        MvcResult stream = mvc.perform(get("/api/stream").accept(MediaType.TEXT_EVENT_STREAM))
            .andExpect(request().asyncStarted())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
            .andReturn();
        await().untilAsserted(() -> assertThat(stream.getResponse().getContentAsString())
            .contains("event:ready").contains("\"intervalMillis\":1000"));

        // What the counter writes: two running totals of one window, a count of a hopping window, an unreadable
        // record; then a ranking, which the sink stores as the dashboard reads it.
        sendCounts(new HashtagCount("livetag", T0, T0.plusSeconds(1), 2, "LiveTag"),
                new HashtagCount("livetag", T0, T0.plusSeconds(1), 6, "LiveTag"),
                new HashtagCount("livetag", T0, T0.plusSeconds(60), 60, "LiveTag"));
        input.send(MessageBuilder.withPayload(List.of("{\"tag\":".getBytes())).build(), Topics.HASHTAG_COUNTS);
        Instant window = Instant.parse("2199-01-01T00:00:00Z");
        tables.store(List.of(new HashtagCount("livetag", window, window.plusSeconds(1), 9, "LiveTag")));
        TrendingTags ranking = new TrendingTags(window, window.plusSeconds(1), 8,
                List.of(new TagTrend("livetag", 9, 1.5, 4.0)));
        input.send(MessageBuilder.withPayload(TagpulseJson.write(ranking)).build(), Topics.TRENDING);
        tables.store(ranking);

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
        DashboardProperties properties = new DashboardProperties();
        properties.getApi().setStreamMaxClients(1);
        LiveStream full = new LiveStream(new CountCoalescer(1000), () -> TrendingAnswer.of(null), properties.getApi());
        try {
            MockMvc standalone = MockMvcBuilders.standaloneSetup(new QueryController(null, null,
                    properties.toQueryRules(), properties, full, Clock.systemUTC()))
                .setControllerAdvice(new ApiErrors(null))
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
        DashboardProperties.Api settings = new DashboardProperties.Api();
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
