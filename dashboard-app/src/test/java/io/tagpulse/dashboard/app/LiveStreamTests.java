package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.CountCoalescer;
import io.tagpulse.dashboard.ModerationState;
import io.tagpulse.dashboard.SinkTables;
import io.tagpulse.dashboard.TrendCoalescer;
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
 * The live stream: counts and trend records read from the counter's topics (here through the test binder) reach the
 * clients of /api/stream as coalesced updates; a trend of a hidden tag is left out unless its record ends it.
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
    void shouldStreamTheCountsAndTrendsReadCoalescedLeavingOutHiddenTags() throws Exception {
        MvcResult stream = mvc.perform(get("/api/stream").accept(MediaType.TEXT_EVENT_STREAM))
            .andExpect(request().asyncStarted())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
            .andReturn();
        await().untilAsserted(() -> assertThat(stream.getResponse().getContentAsString())
            .contains("event:ready").contains("\"intervalMillis\":1000"));

        // What the counter writes: two running totals of one window, a count of a hopping window, an unreadable
        // record; trend records: two of one trend, one of a tag hidden meanwhile, one unreadable, one that ends a
        // hidden tag's trend, then the marker trend.
        sendCounts(new HashtagCount("livetag", T0, T0.plusSeconds(1), 2, "LiveTag"),
                new HashtagCount("livetag", T0, T0.plusSeconds(1), 6, "LiveTag"),
                new HashtagCount("livetag", T0, T0.plusSeconds(60), 60, "LiveTag"));
        input.send(MessageBuilder.withPayload(List.of("{\"tag\":".getBytes())).build(), Topics.HASHTAG_COUNTS);
        tables.record(new ModerationDecision(ModerationDecision.HIDE, "livehidden", "test", "", T0), 7, 1);
        sendTrend(trend("livetrend", TrendUpdate.RISING, 10, 4.0));
        sendTrend(trend("livetrend", TrendUpdate.HOT, 20, 9.5));
        sendTrend(trend("livehidden", TrendUpdate.HOT, 20, 50.0));
        input.send(MessageBuilder.withPayload("{\"trendId\":".getBytes()).build(), Topics.TRENDS);
        sendTrend(trend("liveended", TrendUpdate.HOT, 20, 3.0));
        tables.record(new ModerationDecision(ModerationDecision.HIDE, "liveended", "test", "", T0), 7, 2);
        sendTrend(trend("liveended", TrendUpdate.ENDED, 30, 3.0));
        sendTrend(trend("livemarker", TrendUpdate.RISING, 30, 1.0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String body = stream.getResponse().getContentAsString();
            assertThat(body).contains("event:counts")
                .contains("{\"tag\":\"livetag\",\"display\":\"LiveTag\",\"windowStart\":\"2031-02-03T04:05:06Z\","
                        + "\"windowEnd\":\"2031-02-03T04:05:07Z\",\"count\":6}")
                .doesNotContain("\"count\":2}")
                .doesNotContain("\"count\":60}");
            assertThat(body).contains("event:trend\n").contains("\"tag\":\"livemarker\"");
        });
        // Everything sent before the marker has been through a flush: what is not there was not sent.
        String body = stream.getResponse().getContentAsString();
        assertThat(body).contains("\"trendId\":\"global|livetrend|" + T0.toEpochMilli() + "\"")
            .contains("\"status\":\"HOT\"")
            .contains("\"score\":9.5")
            .doesNotContain("livehidden")
            .contains("\"tag\":\"liveended\",\"status\":\"ENDED\"");
        // Its two records, sent one after the other, are one event when read within one interval; on a busy machine
        // a flush may fall between them (the coalescing itself: TrendCoalescerTests), never more than one each.
        assertThat(trendEvents(body, "livetrend")).isBetween(1L, 2L);
    }

    private static TrendUpdate trend(String tag, String status, int second, double score) {
        Instant asOf = T0.plusSeconds(second);
        return new TrendUpdate(TrendUpdate.trendId("global", tag, T0), "global", tag, status, T0, T0, second,
                TrendUpdate.ENDED.equals(status) ? asOf : null, asOf, 40, 30, 4.0, score, 12, List.of(), false, null);
    }

    private void sendTrend(TrendUpdate trend) {
        input.send(MessageBuilder.withPayload(TagpulseJson.write(trend)).build(), Topics.TRENDS);
    }

    private static long trendEvents(String body, String tag) {
        return java.util.Arrays.stream(body.split("\n\n"))
            .filter(event -> event.contains("event:trend\n") && event.contains("\"tag\":\"" + tag + "\""))
            .count();
    }

    @Test
    void shouldAnswerServiceUnavailableInJsonWhenTheStreamIsFull() throws Exception {
        DashboardProperties properties = DashboardPropertiesTests.bind("tagpulse.dashboard.api.stream-max-clients=1");
        LiveStream full = new LiveStream(new CountCoalescer(1000), new TrendCoalescer(), ModerationState::none,
                properties.api());
        try {
            MockMvc standalone = MockMvcBuilders.standaloneSetup(new QueryController(null,
                    properties.toQueryRules(), properties, full, Clock.systemUTC()))
                .setControllerAdvice(new ApiErrors(null, java.time.Duration.ofSeconds(10)))
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
        DashboardProperties.Api settings = DashboardPropertiesTests.bind("tagpulse.dashboard.api.stream-max-clients=1")
            .api();
        LiveStream stream = new LiveStream(new CountCoalescer(1000), new TrendCoalescer(), ModerationState::none,
                settings);
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
