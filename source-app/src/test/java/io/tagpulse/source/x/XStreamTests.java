package io.tagpulse.source.x;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveFixture;
import io.tagpulse.source.connector.ManualTicker;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The X filtered stream against a local server speaking its protocol: recorded frames (a long post's note_tweet
 * included), the rule sync and the rules X rejects, a disconnect mid-frame and the backfill that follows it, 5xx and
 * 429 answers, malformed frames.
 */
class XStreamTests {

    private static final String STREAM = "/2/tweets/search/stream";

    private static final String RULES = STREAM + "/rules";

    private static final String FIELDS = "?tweet.fields=created_at%2Clang%2Centities%2Cauthor_id%2Creferenced_tweets"
            + "%2Cnote_tweet";

    /** The recorded lines: a post, a keep-alive, a retweet, a long post (note_tweet), a keep-alive, a notice. */
    static final List<String> RECORDED = recorded();

    /** Quick back-off, a 30 s idle timeout. */
    private final LiveConnector.Settings quick = LiveFixture.quickSettings(Duration.ofSeconds(30));

    @RegisterExtension
    final LiveFixture live = new LiveFixture();

    private final XStreamStatus status = new XStreamStatus(live.registry, Clock.systemUTC());

    private static List<String> recorded() {
        try (InputStream in = XStreamTests.class.getResourceAsStream("filtered-stream.ndjson")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A post line as the filtered stream sends it, with the hashtags in its entities. */
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

    /** The lines of posts {@code ids}, each ended as X ends them. */
    private static String posts(String... ids) {
        StringBuilder lines = new StringBuilder();
        for (String id : ids) {
            lines.append(postLine(id, "java", "t" + id)).append("\r\n");
        }
        return lines.toString();
    }

    private XProperties settings(StreamServer server, String... rules) {
        XProperties settings = new XProperties();
        settings.setBaseUrl(server.uri(""));
        settings.setBearerToken("tok");
        settings.setRules(List.of(rules));
        return settings;
    }

    /** A server whose rules are {@code #java} already and whose stream answers as {@code stream} says. */
    private StreamServer serve(StreamServer.Answer stream) throws IOException {
        return live.serve(StreamServer.create()
            .on(RULES, (exchange, call) -> respond(exchange, 200, "{\"data\":[{\"id\":\"1\",\"value\":\"#java\"}]}"))
            .on(STREAM, stream));
    }

    private void start(StreamServer server, LiveConnector.Settings settings) {
        live.start(new XProtocol(settings(server, "#java"), status), settings);
    }

    private List<String> streamRequests() {
        return live.requests().stream().filter(uri -> !uri.startsWith(RULES)).toList();
    }

    static void respond(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void refuse(HttpExchange exchange, int code, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        respond(exchange, code, "{\"title\":\"refused\",\"status\":" + code + "}");
    }

    @Test
    void shouldReadRecordedFramesTheLongPostFromItsNoteTweet() {
        List<Optional<XStreamParser.Line>> lines = RECORDED.stream().map(XStreamParser::parse).toList();

        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(4)).isEmpty();
        Post first = ((XStreamParser.PostLine) lines.get(0).orElseThrow()).post();
        assertThat(first.id()).isEqualTo("1862110000000000001");
        assertThat(first.platform()).isEqualTo("x");
        assertThat(first.language()).isEqualTo("en");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:01Z"));
        assertThat(first.hashtags()).containsExactly("Java", "kafka");
        assertThat(((XStreamParser.PostLine) lines.get(2).orElseThrow()).post().repostOf())
            .isEqualTo("1862110000000000001");
        // The long post: the whole text and the whole text's hashtags, not the first 280 characters' ones.
        Post note = ((XStreamParser.PostLine) lines.get(3).orElseThrow()).post();
        assertThat(note.text()).endsWith("more tomorrow. #records #PatternMatching").doesNotContain("t.co");
        assertThat(note.hashtags()).containsExactly("Java", "records", "PatternMatching");
        XStreamParser.Notice notice = (XStreamParser.Notice) lines.get(5).orElseThrow();
        assertThat(notice.errors()).containsExactly(new XProblem("operational-disconnect",
                "This stream has been disconnected upstream for operational reasons.", null));
        assertThatThrownBy(() -> XStreamParser.parse("{\"data\":")).hasMessageStartingWith("unreadable");
        assertThatThrownBy(() -> XStreamParser.parse("{\"meta\":{}}")).isInstanceOf(InvalidRecordException.class);
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
    void shouldAskForBackfillOnlyOnAReconnectUnlessToldTo() throws IOException {
        StreamServer server = StreamServer.create();
        XProperties settings = settings(server);
        XProtocol protocol = new XProtocol(settings, status);

        assertThat(protocol.request(-1).uri().getQuery()).doesNotContain("backfill_minutes");
        protocol.newReader(); // a stream was opened: the next connection is a reconnect
        assertThat(protocol.request(-1).uri().toString()).endsWith("note_tweet&backfill_minutes=2");

        settings.setBackfillOnStart(true);
        settings.setBackfillMinutes(5);
        assertThat(new XProtocol(settings, status).request(-1).uri().toString()).endsWith("&backfill_minutes=5");
        settings.setBackfillMinutes(0);
        XProtocol off = new XProtocol(settings, status);
        off.newReader();
        assertThat(off.request(-1).uri().getQuery()).doesNotContain("backfill_minutes");
    }

    @Test
    void shouldSyncRulesThenStreamRecordedFramesCountingTheNotice() throws Exception {
        List<String> ruleCalls = new CopyOnWriteArrayList<>();
        StreamServer server = live.serve(StreamServer.create().on(RULES, (exchange, call) -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ruleCalls.add(exchange.getRequestMethod() + " " + body + " " + exchange.getRequestHeaders()
                .getFirst("Authorization"));
            respond(exchange, 200, exchange.getRequestMethod().equals("GET")
                    ? "{\"data\":[{\"id\":\"7\",\"value\":\"#stale\"}],\"meta\":{\"result_count\":1}}"
                    : "{\"meta\":{\"summary\":{}}}");
        }).on(STREAM, (exchange, request) -> {
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            StreamServer.send(out, String.join("\r\n", RECORDED) + "\r\n");
            live.server().holdOpen(out);
        }));
        live.start(new XProtocol(settings(server, "#java lang:en"), status), quick);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 3);
        // The rules are in place before the stream is read.
        assertThat(ruleCalls).containsExactly("GET  Bearer tok", "POST {\"delete\":{\"ids\":[\"7\"]}} Bearer tok",
                "POST {\"add\":[{\"value\":\"#java lang:en\"}]} Bearer tok");
        assertThat(streamRequests()).containsExactly(STREAM + FIELDS);
        assertThat(live.ids()).containsExactly("1862110000000000001", "1862110000000000002",
                "1862110000000000003");
        assertThat(live.published.get(2).hashtags()).containsExactly("Java", "records", "PatternMatching");
        // The notice is no malformed frame: it is counted as X's error and shown in health's details.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.events("x", "skipped") == 1);
        assertThat(live.events("x", "malformed")).isZero();
        assertThat(errors("stream")).isEqualTo(1);
        assertThat(status.ruleFailure()).isNull();
        assertThat(status.details()).containsEntry("rules", "in place (1 deleted, 1 to add)")
            .containsEntry("lastStreamError", "operational-disconnect: This stream has been disconnected upstream "
                    + "for operational reasons.");
    }

    private double errors(String kind) {
        return live.registry.counter("tagpulse.source.x.errors", "kind", kind).count();
    }

    @Test
    void shouldReconnectAfterADisconnectMidFrameWithBackfillAndSendNoPostTwice() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            if (request == 1) {
                String third = postLine("p3", "java", "tp3");
                StreamServer.send(out, posts("p1", "p2") + third.substring(0, third.length() / 2));
                out.close(); // cut in the middle of p3
                return;
            }
            // The backfill: X sends the last minutes again, p1 to p3, then the new p4.
            StreamServer.send(out, "\r\n" + posts("p1", "p2", "p3", "p4"));
            live.server().holdOpen(out);
        });
        start(live.server(), quick);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 4
                && live.events("x", "duplicate") == 2);
        assertThat(live.ids()).containsExactly("p1", "p2", "p3", "p4");
        assertThat(live.published.get(2).hashtags()).containsExactly("java", "tp3");
        assertThat(streamRequests()).containsExactly(STREAM + FIELDS, STREAM + FIELDS + "&backfill_minutes=2");
        assertThat(live.events("x", "post")).isEqualTo(4);
    }

    @Test
    void shouldRetryA5xxWithoutBackfillWhenNoStreamWasOpen() throws IOException {
        serve((exchange, request) -> {
            if (request == 1) {
                refuse(exchange, 503, null, null);
                return;
            }
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            StreamServer.send(out, posts("after"));
            live.server().holdOpen(out);
        });
        start(live.server(), quick);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(live.ids()).containsExactly("after");
        assertThat(streamRequests()).containsExactly(STREAM + FIELDS, STREAM + FIELDS);
        assertThat(live.counter("tagpulse.source.connector.reconnects", "x")).isEqualTo(1);
    }

    @Test
    void shouldWaitAsA429AsksWithRetryAfterThenXRateLimitReset() throws IOException {
        serve((exchange, request) -> {
            if (request == 1) {
                refuse(exchange, 429, "Retry-After", "7");
            }
            else if (request == 2) {
                refuse(exchange, 429, "x-rate-limit-reset", String.valueOf(Instant.now().getEpochSecond() + 30));
            }
            else {
                OutputStream out = StreamServer.openStream(exchange, "application/json");
                StreamServer.send(out, posts("after"));
                live.server().holdOpen(out);
            }
        });
        ManualTicker ticker = new ManualTicker();
        start(live.server(), quick.on(ticker));

        // The back-off alone would wait 50 to 200 ms: each wait is the one the answer asked for.
        await().atMost(Duration.ofSeconds(10)).until(() -> ticker.waits().size() == 1);
        assertThat(ticker.waits().get(0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(streamRequests()).hasSize(1);
        ticker.advance(Duration.ofSeconds(7));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticker.waits().size() == 2);
        assertThat(ticker.waits().get(1)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(30));
        assertThat(streamRequests()).hasSize(2);
        ticker.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(streamRequests()).hasSize(3);
    }

    @Test
    void shouldCountMalformedFramesAndReadOnOnTheSameConnection() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            StreamServer.send(out, String.join("\r\n", "{\"data\":", "{\"data\":{\"id\":\"m1\",\"text\":\"#a\"}}",
                    "{\"meta\":{}}", "{\"data\":{\"id\":\"m2\",\"created_at\":\"yesterday\"}}",
                    "{\"data\":\"text\"}", "[1,2]")
                    + "\r\n" + posts("marker"));
            live.server().holdOpen(out);
        });
        start(live.server(), quick);

        // The marker comes after every malformed frame: once it is out, nothing else was sent.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(live.ids()).containsExactly("marker");
        assertThat(live.events("x", "malformed")).isEqualTo(6);
        assertThat(streamRequests()).hasSize(1);
    }

    @Test
    void shouldReportTheRulesXRejectsAndReadTheStreamAnyway() throws IOException {
        live.serve(StreamServer.create().on(RULES, (exchange, call) -> {
            if (exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 200, "{\"meta\":{\"result_count\":0}}");
                return;
            }
            respond(exchange, 400, """
                    {"errors":[{"value":"#kafka lang:","details":["Reference to invalid field 'lang:' (at position \
                    8)"],"title":"UnprocessableEntity","type":"https://api.twitter.com/2/problems/invalid-rules"},\
                    {"value":"#a OR #b","title":"RulesCapExceeded","detail":"Rule creation would exceed the rules \
                    cap of 5.","type":"https://api.twitter.com/2/problems/rule-cap"},{"value":"#java","id":"1",\
                    "title":"DuplicateRule","type":"https://api.twitter.com/2/problems/duplicate-rules"}],\
                    "title":"Invalid Request","detail":"One or more parameters to your request was invalid."}""");
        }).on(STREAM, (exchange, request) -> {
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            StreamServer.send(out, posts("marker"));
            live.server().holdOpen(out);
        }));
        live.start(new XProtocol(settings(live.server(), "#java", "#kafka lang:", "#a OR #b"), status),
                quick);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(status.ruleFailure()).contains("X rejected stream rules").contains("tagpulse.source.x.rules");
        assertThat(status.details()).containsEntry("ruleErrors", List.of(
                "UnprocessableEntity: Reference to invalid field 'lang:' (at position 8) (rule \"#kafka lang:\")",
                "RulesCapExceeded: Rule creation would exceed the rules cap of 5. (rule \"#a OR #b\")",
                "DuplicateRule (rule \"#java\")"));
        assertThat(errors("rules")).isEqualTo(3);
    }

    @Test
    void shouldSyncTheRulesAgainBeforeTheNextConnectionWhenTheSyncFailed() throws IOException {
        live.serve(StreamServer.create(exchange -> exchange.getRequestMethod() + " " + exchange.getRequestURI())
            .on(RULES, (exchange, call) -> {
                if (call == 1) {
                    respond(exchange, 503, "{\"title\":\"Service Unavailable\"}");
                    return;
                }
                respond(exchange, 200, "{\"data\":[{\"id\":\"1\",\"value\":\"#java\"}]}");
            }).on(STREAM, (exchange, request) -> {
                OutputStream out = StreamServer.openStream(exchange, "application/json");
                StreamServer.send(out, posts("s" + request));
                if (request == 1) {
                    out.close();
                    return;
                }
                live.server().holdOpen(out);
            }));
        start(live.server(), quick);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 2);
        assertThat(live.requests()).containsExactly("GET " + RULES, "GET " + STREAM + FIELDS, "GET " + RULES,
                "GET " + STREAM + FIELDS + "&backfill_minutes=2");
        assertThat(status.ruleFailure()).isNull();
        assertThat(errors("rules")).isEqualTo(1);
    }

    @Test
    void shouldReportARefusedTokenOnTheRulesAsTheRulesNotSet() throws Exception {
        StreamServer server = live.serve((exchange, request) -> refuse(exchange, 401, null, null));

        assertThatThrownBy(() -> new XStreamRules(server.uri(""), "bad").sync(List.of("#a")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("tagpulse.source.x.bearer-token");

        new XProtocol(settings(server, "#a"), status).prepare();
        assertThat(status.ruleFailure()).contains("HTTP 401").contains("tagpulse.source.x.bearer-token");
        assertThat(errors("rules")).isEqualTo(1);
    }

    @Test
    void shouldRememberABoundedNumberOfRecentIds() {
        RecentIds ids = new RecentIds(2);

        assertThat(ids.add("a")).isTrue();
        assertThat(ids.add("a")).isFalse();
        assertThat(ids.add("b")).isTrue();
        assertThat(ids.add("c")).isTrue(); // a, the oldest, is forgotten
        assertThat(ids.contains("a")).isFalse();
        assertThat(ids.contains("b")).isTrue();
        assertThat(ids.size()).isEqualTo(2);
    }
}
