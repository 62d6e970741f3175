package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.connector.Backoff;
import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.PositionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tagpulse.source.mastodon.MastodonParserTests.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Mastodon connector against a real HTTP server streaming server-sent events as Mastodon does. */
class MastodonStreamConnectorTests {

    private interface Answer {
        void answer(HttpExchange exchange, int request) throws IOException;
    }

    private HttpServer server;

    private LiveConnector connector;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();

    private final List<Post> published = new CopyOnWriteArrayList<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (connector != null) {
            connector.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            requestTimes.add(System.currentTimeMillis());
            answer.answer(exchange, requests.size());
        });
        server.start();
    }

    private void connect(String token, Duration idleTimeout) {
        URI instance = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String update(String id, String... tags) {
        return "event: update\ndata: " + status(id, "<p>#java " + id + "</p>", tags) .replace("\n", "") + "\n\n";
    }

    private void holdOpen(OutputStream out) throws IOException {
        try {
            release.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        out.close();
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
        assertThat(requestTimes.get(1) - requestTimes.get(0)).isGreaterThanOrEqualTo(950);
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
