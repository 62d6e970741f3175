package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import com.sun.net.httpserver.HttpExchange;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveFixture;
import io.tagpulse.source.connector.ManualTicker;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tagpulse.source.mastodon.MastodonParserTests.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Mastodon connector against a real HTTP server streaming server-sent events as Mastodon does. */
class MastodonStreamConnectorTests {

    @RegisterExtension
    final LiveFixture live = new LiveFixture();

    private void serve(StreamServer.Answer answer) throws IOException {
        live.serve(StreamServer.create(exchange -> exchange.getRequestURI() + " auth="
                + exchange.getRequestHeaders().getFirst("Authorization")).on("/", answer));
    }

    private void connect(String token, LiveConnector.Settings settings) {
        live.start(new MastodonProtocol(live.server().uri(""), MastodonProperties.Timeline.HASHTAG, "#java", token),
                settings);
    }

    private static OutputStream openStream(HttpExchange exchange) throws IOException {
        return StreamServer.openStream(exchange, "text/event-stream");
    }

    private static String update(String id, String... tags) {
        return "event: update\ndata: " + status(id, "<p>#java " + id + "</p>", tags) .replace("\n", "") + "\n\n";
    }

    @Test
    void shouldPublishUpdatesAndIgnoreHeartbeatsDeletesAndMalformedStatuses() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            StreamServer.send(out, ":thump\n\n" + update("1", "java") + "event: delete\ndata: 99\n\n"
                    + "event: update\ndata: {broken\n\n" + ":thump\n" + update("2", "java", "kafka"));
            live.server().holdOpen(out);
        });
        connect("t0ken", LiveFixture.quickSettings(Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 2);
        assertThat(live.ids()).containsExactly("https://mastodon.example/users/anna/statuses/1",
                "https://mastodon.example/users/anna/statuses/2");
        assertThat(live.published.get(1).hashtags()).containsExactly("java", "kafka");
        assertThat(live.requests().get(0)).isEqualTo("/api/v1/streaming/hashtag?tag=java auth=Bearer t0ken");
        assertThat(live.events("mastodon", "malformed")).isEqualTo(1);
    }

    @Test
    void shouldReconnectAfterTheServerDropsTheStream() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            StreamServer.send(out, update("r" + request, "java"));
            if (request == 1) {
                out.close();
                return;
            }
            live.server().holdOpen(out);
        });
        connect(null, LiveFixture.quickSettings(Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 2);
        assertThat(live.requests()).hasSize(2);
        assertThat(live.requests().get(0)).endsWith("auth=null");
    }

    @Test
    void shouldWaitAsToldByA429Answer() throws IOException {
        serve((exchange, request) -> {
            if (request == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
                exchange.close();
                return;
            }
            OutputStream out = openStream(exchange);
            StreamServer.send(out, update("after", "java"));
            live.server().holdOpen(out);
        });
        connect(null, LiveFixture.quickSettings(Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        // The back-off alone would retry within 200 ms.
        assertThat(live.server().gapBefore(1)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void shouldReplaceAStreamSilentEvenOfHeartbeats() throws IOException {
        serve((exchange, request) -> live.server().holdOpen(openStream(exchange)));
        connect(null, LiveFixture.quickSettings(Duration.ofMillis(400)));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.requests().size() >= 2);
    }

    @Test
    void shouldNotHammerAServerThatRefusesTheCredentials() throws IOException {
        serve((exchange, request) -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        ManualTicker ticker = new ManualTicker();
        connect("wrong", LiveFixture.quickSettings(Duration.ofSeconds(30)).on(ticker));

        // One request, then a minute's wait, not the back-off's 50 to 200 ms.
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.waits().size() == 1);
        assertThat(ticker.waits()).containsExactly(Duration.ofMinutes(1));
        assertThat(live.requests()).hasSize(1);
        assertThat(live.connected("mastodon")).isZero();
    }
}
