package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.connector.Backoff;
import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tagpulse.source.mastodon.MastodonParserTests.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Mastodon connector against a real HTTP server streaming server-sent events as Mastodon does. */
class MastodonStreamConnectorTests {

    private StreamServer server;

    private List<String> requests;

    private LiveConnector connector;

    private final List<Post> published = new CopyOnWriteArrayList<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private void serve(StreamServer.Answer answer) throws IOException {
        server = StreamServer.create(exchange -> exchange.getRequestURI() + " auth="
                + exchange.getRequestHeaders().getFirst("Authorization")).on("/", answer).start();
        requests = server.requests();
    }

    private void connect(String token, Duration idleTimeout) {
        URI instance = server.uri("");
        connector = new LiveConnector(
                new MastodonProtocol(instance, MastodonProperties.Timeline.HASHTAG, "#java", token),
                new HttpLinesTransport(), new LiveConnector.Settings(idleTimeout, new Backoff(Duration.ofMillis(50),
                        Duration.ofMillis(200), new Random(1)), 5_000, Duration.ofSeconds(5)),
                PositionStore.NONE, registry);
        connector.start(post -> {
            published.add(post);
            return CompletableFuture.completedFuture(null);
        });
    }

    private static OutputStream openStream(HttpExchange exchange) throws IOException {
        return StreamServer.openStream(exchange, "text/event-stream");
    }

    private static void send(OutputStream out, String text) throws IOException {
        StreamServer.send(out, text);
    }

    private static String update(String id, String... tags) {
        return "event: update\ndata: " + status(id, "<p>#java " + id + "</p>", tags) .replace("\n", "") + "\n\n";
    }

    private void holdOpen(OutputStream out) throws IOException {
        server.holdOpen(out);
    }

    @Test
    void shouldPublishUpdatesAndIgnoreHeartbeatsDeletesAndMalformedStatuses() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, ":thump\n\n" + update("1", "java") + "event: delete\ndata: 99\n\n"
                    + "event: update\ndata: {broken\n\n" + ":thump\n" + update("2", "java", "kafka"));
            holdOpen(out);
        });
        connect("t0ken", Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        assertThat(published).extracting(Post::id).containsExactly("https://mastodon.example/users/anna/statuses/1",
                "https://mastodon.example/users/anna/statuses/2");
        assertThat(published.get(1).hashtags()).containsExactly("java", "kafka");
        assertThat(requests.get(0)).isEqualTo("/api/v1/streaming/hashtag?tag=java auth=Bearer t0ken");
        assertThat(registry.counter("tagpulse.source.connector.events", "connector", "mastodon", "outcome",
                "malformed").count()).isEqualTo(1);
    }

    @Test
    void shouldReconnectAfterTheServerDropsTheStream() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, update("r" + request, "java"));
            if (request == 1) {
                out.close();
                return;
            }
            holdOpen(out);
        });
        connect(null, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).endsWith("auth=null");
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
            send(out, update("after", "java"));
            holdOpen(out);
        });
        connect(null, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        // The back-off alone would retry within 200 ms.
        assertThat(server.gapBefore(1)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void shouldReplaceAStreamSilentEvenOfHeartbeats() throws IOException {
        serve((exchange, request) -> holdOpen(openStream(exchange)));
        connect(null, Duration.ofMillis(400));

        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
    }

    @Test
    void shouldNotHammerAServerThatRefusesTheCredentials() throws IOException {
        serve((exchange, request) -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        connect("wrong", Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> requests.size() == 1);
        assertThat(registry.get("tagpulse.source.connector.connected").tag("connector", "mastodon").gauge().value())
            .isZero();
    }
}
