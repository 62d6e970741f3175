package io.tagpulse.dashboard.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.dashboard.SinkTables;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Moderation on the query API: who may moderate (with no token only this machine; with one, only its holders), what
 * a valid decision is, and that an accepted decision is on the moderation topic (the test binder's), keyed by its key;
 * once the sink has recorded it, the trends answers leave the tag out.
 */
@DashboardAppTest
class ModerationControllerTests {

    private static final String TOPIC = Topics.TREND_MODERATION;

    private static final RequestPostProcessor FROM_ELSEWHERE = request -> {
        request.setRemoteAddr("203.0.113.7");
        return request;
    };

    @Autowired
    private MockMvc mvc;

    @Autowired
    private OutputDestination output;

    @Autowired
    private SinkTables tables;

    static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** @return the next decision on the moderation topic, failing when none comes within 10 s */
    static Message<byte[]> next(OutputDestination output) {
        Message<byte[]> message = output.receive(10_000, TOPIC);
        assertThat(message).as("a decision on " + TOPIC).isNotNull();
        return message;
    }

    static String key(Message<byte[]> message) {
        return new String((byte[]) message.getHeaders().get(KafkaHeaders.KEY), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteAHideFromThisMachineToTheTopicAndLeaveTheTagOutOnceRecorded() throws Exception {
        tables.store(TrendControllerTests.trend("platform:mod", "floodtag", "HOT", 0, 40.0, 500));
        tables.store(TrendControllerTests.trend("platform:mod", "realtag", "HOT", 0, 4.0, 50));

        mvc.perform(json(post("/api/moderation/hide"), """
                {"tag":"#FloodTag","reason":"one account, 500 posts"}"""))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.key").value("tag:floodtag"))
            .andExpect(jsonPath("$.decision.action").value("HIDE"))
            .andExpect(jsonPath("$.decision.subject").value("#FloodTag"))
            .andExpect(jsonPath("$.decision.by").value("local"))
            .andExpect(jsonPath("$.decision.reason").value("one account, 500 posts"));

        Message<byte[]> written = next(output);
        ModerationDecision decision = TagpulseJson.readModeration(written.getPayload());
        assertThat(key(written)).isEqualTo("tag:floodtag");
        assertThat(decision.action()).isEqualTo(ModerationDecision.HIDE);
        assertThat(decision.subject()).isEqualTo("#FloodTag");
        assertThat(decision.by()).isEqualTo("local");
        assertThat(decision.at()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                Duration.ofMinutes(1)));

        // The sink records it from the topic; from then on the trends answers leave the tag out.
        tables.record(decision, 0, 1000);
        mvc.perform(get("/api/trends?scope=platform:mod"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("realtag")));
        mvc.perform(get("/api/moderation"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.hidden").value(org.hamcrest.Matchers.hasItem("floodtag")))
            .andExpect(jsonPath("$.decisions[0].key").value("tag:floodtag"))
            .andExpect(jsonPath("$.decisions[0].decision.reason").value("one account, 500 posts"))
            .andExpect(jsonPath("$.decisions[0].offset").value(1000));

        mvc.perform(json(post("/api/moderation/unhide"), """
                {"tag":"floodtag"}"""))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.decision.reason").value(""));
        ModerationDecision unhide = TagpulseJson.readModeration(next(output).getPayload());
        tables.record(unhide, 0, 1001);
        mvc.perform(get("/api/trends?scope=platform:mod"))
            .andExpect(jsonPath("$.trends[*].tag").value(org.hamcrest.Matchers.contains("floodtag", "realtag")));
    }

    @Test
    void shouldReplaceTheBlockList() throws Exception {
        mvc.perform(json(put("/api/moderation/block-list"), """
                {"entries":["#Casino", "nsfw*", " ", "*bet*"],"reason":"policy"}"""))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.key").value("block-list"))
            .andExpect(jsonPath("$.decision.subject").value("#Casino,nsfw*,*bet*"));

        Message<byte[]> written = next(output);
        assertThat(key(written)).isEqualTo("block-list");
        assertThat(TagpulseJson.readModeration(written.getPayload()).blockList().entries())
            .containsExactly("casino", "nsfw*", "*bet*");
    }

    @Test
    void shouldRefuseModerationFromAnotherMachineWithoutAToken() throws Exception {
        mvc.perform(json(post("/api/moderation/hide"), """
                {"tag":"elsewhere"}""").with(FROM_ELSEWHERE))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.error").value(containsString("tagpulse.dashboard.api.token")));
        mvc.perform(get("/api/moderation").with(FROM_ELSEWHERE)).andExpect(status().isForbidden());
        // Reading trends needs nothing.
        mvc.perform(get("/api/trends").with(FROM_ELSEWHERE)).andExpect(status().isOk());

        // The marker, sent after: the first decision on the topic is it, so the refused one was never written.
        mvc.perform(json(post("/api/moderation/hide"), """
                {"tag":"marker"}""")).andExpect(status().isAccepted());
        assertThat(key(next(output))).isEqualTo("tag:marker");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /api/moderation/hide       | {"tag":""}                         | 'tag'
            /api/moderation/hide       | {"tag":"#"}                        | 'tag'
            /api/moderation/hide       | {}                                 | 'tag'
            /api/moderation/unhide     | {"reason":"x"}                     | 'tag'
            /api/moderation/hide       | not json                           | body
            /api/moderation/hide       | `{"tag":"a","reason":"` | body
            /api/moderation/block-list | {"entries":["*"]}                  | block every tag
            /api/moderation/block-list | {"entries":["a b"]}                | 'entries'
            /api/moderation/block-list | {"entries":["a,b"]}                | 'entries'
            /api/moderation/block-list | {"entries":"a"}                    | body
            """)
    void shouldRefuseAnInvalidDecisionNamingTheProblem(String path, String body, String problem) throws Exception {
        MockHttpServletRequestBuilder request = path.endsWith("block-list") ? put(path) : post(path);
        mvc.perform(json(request, body))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value(containsString(problem)));
    }

    @Test
    void shouldRefuseTooLongReasonsBodiesAndOtherMediaTypes() throws Exception {
        mvc.perform(json(post("/api/moderation/hide"), "{\"tag\":\"a\",\"reason\":\"" + "r".repeat(1001) + "\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value(containsString("'reason'")));
        mvc.perform(json(post("/api/moderation/hide"), "{\"tag\":\"" + "t".repeat(20_000) + "\"}"))
            .andExpect(status().isPayloadTooLarge());
        mvc.perform(post("/api/moderation/hide").contentType(MediaType.TEXT_PLAIN).content("tag=a"))
            .andExpect(status().isUnsupportedMediaType());
        mvc.perform(get("/api/moderation/hide")).andExpect(status().isMethodNotAllowed());
    }

    /** With a token set, moderation needs it, from anywhere; the decision records who decided as "token". */
    @Nested
    @SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:dashboard-moderation-token;DB_CLOSE_DELAY=-1",
            "tagpulse.dashboard.api.token=m0d-t0ken", "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
    @AutoConfigureMockMvc
    @Import({ TestChannelBinderConfiguration.class, SinkSchemaConfiguration.class })
    class WithAToken {

        @Autowired
        private MockMvc tokenMvc;

        @Autowired
        private OutputDestination tokenOutput;

        @Test
        void shouldAcceptModerationWithTheTokenOnlyFromAnywhere() throws Exception {
            tokenMvc.perform(json(post("/api/moderation/hide"), """
                    {"tag":"nope"}"""))
                .andExpect(status().isUnauthorized());
            tokenMvc.perform(json(post("/api/moderation/hide"), """
                    {"tag":"nope"}""").header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized());
            tokenMvc.perform(get("/api/moderation")).andExpect(status().isUnauthorized());

            tokenMvc.perform(json(post("/api/moderation/hide"), """
                    {"tag":"remote","reason":"r"}""").header("Authorization", "Bearer m0d-t0ken").with(FROM_ELSEWHERE))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.decision.by").value("token"));
            Message<byte[]> written = next(tokenOutput);
            assertThat(key(written)).as("the first decision written: the refused ones never were")
                .isEqualTo("tag:remote");
            assertThat(TagpulseJson.readModeration(written.getPayload()).by()).isEqualTo("token");
            tokenMvc.perform(get("/api/moderation").header("Authorization", "Bearer m0d-t0ken").with(FROM_ELSEWHERE))
                .andExpect(status().isOk());
        }
    }
}
