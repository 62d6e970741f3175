package io.tagpulse.source.jetstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.Backoff;
import io.tagpulse.source.connector.LeaderGatedSource;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.WebSocketTransport;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tagpulse.source.jetstream.JetstreamParserTests.postEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The connector against a real WebSocket server that speaks Jetstream's protocol and replays from a cursor. */
class JetstreamConnectorTests {

    private static final long T1 = 1_763_800_000_000_001L;

    private static final long T2 = T1 + 1_000;

    private static final long T3 = T1 + 2_000;

    /** The cursor as the app's positions topic keeps it: the last one saved. */
    private final PositionStore positions = new PositionStore() {

        private volatile OptionalLong saved = OptionalLong.empty();

        @Override
        public OptionalLong load() {
            return saved;
        }

        @Override
        public void save(long position) {
            saved = OptionalLong.of(position);
        }
    };

    private FakeJetstream server;

    private LiveConnector connector;

    private final List<Post> published = new CopyOnWriteArrayList<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.stop();
        }
        if (server != null) {
            server.stop(1000);
        }
    }

    private LiveConnector connect(URI endpoint, Duration idleTimeout) {
        LiveConnector created = connector(endpoint, idleTimeout);
        created.start(this::publish);
        return created;
    }

    /** A connector on quick back-off, not started. */
    private LiveConnector connector(URI endpoint, Duration idleTimeout) {
        return new LiveConnector(new JetstreamProtocol(endpoint), new WebSocketTransport(),
                new LiveConnector.Settings(idleTimeout, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200),
                        new Random(1)), 5_000, Duration.ofSeconds(5)),
                positions, registry);
    }

    private CompletableFuture<Void> publish(Post post) {
        published.add(post);
        return CompletableFuture.completedFuture(null);
    }

    private FakeJetstream serve(List<String> events, int closeFirstConnectionAfter) {
        server = new FakeJetstream(events, closeFirstConnectionAfter);
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getPort() > 0 && server.started);
        return server;
    }

    private URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/subscribe");
    }

    private List<String> ids() {
        return published.stream().map(Post::id).toList();
    }

    private double events(String outcome) {
        return registry.counter("tagpulse.source.connector.events", "connector", "jetstream", "outcome", outcome)
            .count();
    }

    @Test
    void shouldPublishPostsAndSkipMalformedAndOtherEvents() {
        serve(List.of(postEvent(T1, "a", "#one", "one"),
                "{\"did\":\"did:plc:x\",\"time_us\":" + (T1 + 1) + ",\"kind\":\"identity\"}", "{not json",
                postEvent(T2, "b", "#two", "two")), -1);
        connector = connect(endpoint(), Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        assertThat(ids()).containsExactly("at://did:plc:abc123/app.bsky.feed.post/a",
                "at://did:plc:abc123/app.bsky.feed.post/b");
        assertThat(events("malformed")).isEqualTo(1);
        assertThat(events("skipped")).isEqualTo(1);
        assertThat(server.requests.get(0)).isEqualTo("/subscribe?wantedCollections=app.bsky.feed.post");
    }

    @Test
    void shouldReconnectAfterADisconnectFromTheAcknowledgedCursorWithoutRepeats() {
        serve(List.of(postEvent(T1, "a", "#x", "x"), postEvent(T2, "b", "#x", "x"), postEvent(T3, "c", "#x", "x")),
                2);
        connector = connect(endpoint(), Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 3);
        assertThat(ids()).containsExactly("at://did:plc:abc123/app.bsky.feed.post/a",
                "at://did:plc:abc123/app.bsky.feed.post/b", "at://did:plc:abc123/app.bsky.feed.post/c");
        assertThat(server.requests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.requests.get(1)).endsWith("&cursor=" + T2);
        assertThat(events("duplicate")).isGreaterThanOrEqualTo(1);
        assertThat(registry.counter("tagpulse.source.connector.reconnects", "connector", "jetstream").count())
            .isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldResumeFromTheSavedCursorAfterARestart() throws Exception {
        serve(List.of(postEvent(T1, "a", "#x", "x"), postEvent(T2, "b", "#x", "x")), -1);
        connector = connect(endpoint(), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        connector.stop();
        assertThat(positions.load()).hasValue(T2);

        server.events.add(postEvent(T3, "c", "#x", "x"));
        connector = connect(endpoint(), Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
        assertThat(server.requests.get(server.requests.size() - 1)).endsWith("&cursor=" + T2);
        assertThat(ids()).doesNotHaveDuplicates().endsWith("at://did:plc:abc123/app.bsky.feed.post/c");
    }

    @Test
    void shouldConnectOnlyOnceGrantedAndResumeFromTheCursorSavedWhileStandingBy() {
        serve(List.of(postEvent(T1, "a", "#x", "x"), postEvent(T2, "b", "#x", "x"), postEvent(T3, "c", "#x", "x")),
                -1);
        positions.save(T1);
        connector = connector(endpoint(), Duration.ofSeconds(30));
        LeaderGatedSource replica = new LeaderGatedSource(connector, "jetstream");
        replica.start(this::publish);
        assertThat(replica.status().state()).isEqualTo(PostSource.State.STANDBY);
        // The leader, elsewhere, reads on and saves: this replica resumes from there, not from what it saw at start.
        positions.save(T2);

        replica.granted();

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        // The first request the server saw is the granted one: standing by, the replica never connected.
        assertThat(server.requests).containsExactly("/subscribe?wantedCollections=app.bsky.feed.post&cursor=" + T2);
        assertThat(ids()).containsExactly("at://did:plc:abc123/app.bsky.feed.post/c");

        replica.revoked();

        assertThat(replica.status().state()).isEqualTo(PostSource.State.STANDBY);
        assertThat(positions.load()).as("saved when leadership was revoked").hasValue(T3);
        assertThat(registry.get("tagpulse.source.connector.connected").tag("connector", "jetstream").gauge().value())
            .isZero();
    }

    @Test
    void shouldReplaceASilentConnection() {
        serve(List.of(), -1);
        connector = connect(endpoint(), Duration.ofMillis(400));

        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() >= 2);
    }

    @Test
    void shouldWaitAsToldByA429Answer() throws Exception {
        List<Long> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket rateLimited = new ServerSocket()) {
            rateLimited.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread answering = new Thread(() -> answer429(rateLimited, accepted));
            answering.setDaemon(true);
            answering.start();
            connector = connect(URI.create("ws://127.0.0.1:" + rateLimited.getLocalPort() + "/subscribe"),
                    Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() >= 2);
            connector.stop();
            connector = null;
        }
        // Our own back-off would retry after at most 200 ms; Retry-After says 1 s.
        assertThat(accepted.get(1) - accepted.get(0)).isGreaterThanOrEqualTo(950);
    }

    private static void answer429(ServerSocket server, List<Long> accepted) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.add(System.currentTimeMillis());
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                int read = in.read(buffer);
                if (read > 0) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    /** Jetstream's behaviour that matters here: replay from ?cursor= (inclusive), then live. */
    static final class FakeJetstream extends JetstreamServer {

        final List<String> events;

        private final int closeFirstConnectionAfter;

        FakeJetstream(List<String> events, int closeFirstConnectionAfter) {
            this.events = new CopyOnWriteArrayList<>(events);
            this.closeFirstConnectionAfter = closeFirstConnectionAfter;
        }

        @Override
        void serve(WebSocket conn, int request, long cursor) {
            int sent = 0;
            for (String event : events) {
                Long time = timeOf(event);
                if (time != null && time < cursor) {
                    continue;
                }
                if (request == 1 && sent == closeFirstConnectionAfter) {
                    conn.close(1011, "going away");
                    return;
                }
                conn.send(event);
                sent++;
            }
        }

        private static Long timeOf(String event) {
            int at = event.indexOf("\"time_us\":");
            if (at < 0) {
                return null;
            }
            String rest = event.substring(at + 10).replaceAll("^(\\d+).*", "$1");
            return rest.chars().allMatch(Character::isDigit) ? Long.parseLong(rest) : null;
        }
    }
}
