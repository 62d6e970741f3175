package io.tagpulse.source.x;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.connector.LiveFixture;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class XStreamTests {

    /** A post line as the filtered stream sends it with tweet.fields=created_at,lang,entities,author_id. */
    static String postLine(String id, String... tags) {
        StringBuilder hashtags = new StringBuilder();
        for (String tag : tags) {
            hashtags.append(hashtags.length() == 0 ? "" : ",")
                .append("{\"start\":0,\"end\":%d,\"tag\":\"%s\"}".formatted(tag.length() + 1, tag));
        }
        return """
                {"data":{"id":"%s","text":"#%s now","created_at":"2026-11-22T10:00:00.000Z","lang":"en",\
                "author_id":"2244994945","edit_history_tweet_ids":["%s"],"entities":{"hashtags":[%s]}},\
                "matching_rules":[{"id":"1","tag":"java"}]}""".formatted(id, tags.length > 0 ? tags[0] : "", id,
                hashtags);
    }

    @RegisterExtension
    final LiveFixture live = new LiveFixture();

    @Test
    void shouldReadPostsRetweetsKeepAlivesAndNotices() {
        Post post = XStreamParser.parse(postLine("1", "Java", "kafka")).orElseThrow();
        assertThat(post.id()).isEqualTo("1");
        assertThat(post.platform()).isEqualTo("x");
        assertThat(post.language()).isEqualTo("en");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(post.hashtags()).containsExactly("Java", "kafka");

        String retweet = postLine("2", "java").replace("\"entities\"",
                "\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"1\"}],\"entities\"");
        assertThat(XStreamParser.parse(retweet).orElseThrow().repostOf()).isEqualTo("1");
        assertThat(XStreamParser.parse("\r")).isEmpty();
        assertThatThrownBy(() -> XStreamParser.parse("{\"errors\":[{\"title\":\"operational-disconnect\"}]}"))
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("operational-disconnect");
        assertThatThrownBy(() -> XStreamParser.parse("{\"data\":")).hasMessageStartingWith("unreadable");
    }

    @Test
    void shouldComputeTheRuleChangesKeepingRulesThatStay() {
        Map<String, String> existing = new LinkedHashMap<>();
        existing.put("10", "#java lang:en");
        existing.put("11", "#old");
        existing.put("12", "#java lang:en");

        XStreamRules.Diff diff = XStreamRules.diff(existing, List.of("#java lang:en", "#kafka"));

        assertThat(diff.delete()).containsExactly("11", "12");
        assertThat(diff.add()).containsExactly("#kafka");
        assertThat(XStreamRules.diff(Map.of("1", "#a"), List.of("#a")).isEmpty()).isTrue();
    }

    @Test
    void shouldSyncRulesThenStreamPostsAcrossADisconnect() throws Exception {
        List<String> ruleCalls = new CopyOnWriteArrayList<>();
        StreamServer server = StreamServer.create();
        server.on("/2/tweets/search/stream/rules", (exchange, call) -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ruleCalls.add(exchange.getRequestMethod() + " " + body + " " + exchange.getRequestHeaders()
                .getFirst("Authorization"));
            respond(exchange, exchange.getRequestMethod().equals("GET")
                    ? "{\"data\":[{\"id\":\"7\",\"value\":\"#stale\"}],\"meta\":{\"result_count\":1}}"
                    : "{\"meta\":{\"summary\":{}}}");
        });
        List<String> requests = new CopyOnWriteArrayList<>();
        server.on("/2/tweets/search/stream", (exchange, request) -> {
            requests.add(exchange.getRequestURI().toString());
            OutputStream out = StreamServer.openStream(exchange, null);
            StreamServer.send(out,
                    "\r\n" + postLine("p" + request, "java") + "\r\n{\"errors\":[{\"title\":\"x\"}]}\r\n\r\n");
            if (request == 1) {
                out.close();
                return;
            }
            server.holdOpen(out);
        });
        live.serve(server);
        live.start(new XProtocol(server.uri(""), "tok", List.of("#java lang:en")),
                LiveFixture.quickSettings(Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
        // The rules are in place before the stream is read.
        assertThat(ruleCalls).containsExactly("GET  Bearer tok", "POST {\"delete\":{\"ids\":[\"7\"]}} Bearer tok",
                "POST {\"add\":[{\"value\":\"#java lang:en\"}]} Bearer tok");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 2);
        assertThat(live.ids()).containsExactly("p1", "p2");
        assertThat(requests.get(0)).isEqualTo("/2/tweets/search/stream?tweet.fields="
                + "created_at%2Clang%2Centities%2Cauthor_id%2Creferenced_tweets");
        assertThat(live.events("x", "malformed")).isEqualTo(2);
    }

    @Test
    void shouldSayWhatToFixWhenXRefusesTheToken() throws Exception {
        StreamServer server = live.serve((exchange, request) -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });

        XStreamRules rules = new XStreamRules(server.uri(""), "bad");

        assertThatThrownBy(() -> rules.sync(List.of("#a"))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("tagpulse.source.x.bearer-token");
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
