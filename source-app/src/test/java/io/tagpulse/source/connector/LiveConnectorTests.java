package io.tagpulse.source.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runtime every live source shares, against a real HTTP server streaming lines: back-off, the idle timeout (and
 * its not counting a wait for Kafka), 429 and 401 answers, the bound on posts waiting for Kafka, the acknowledged
 * position and what is saved of it, a post Kafka refused (sent again; for good: reading stops and the status says
 * why), a save or a load of the position that fails, a clean stop and a start again.
 */
class LiveConnectorTests {

    /**
     * A protocol of the test's own: a line {@code "<position> <id>"} is a post at a position, {@code "<id>"} one
     * without, {@code "?"} an event without a post, {@code "#..."} a keep-alive, {@code "invalid"} a post without an
     * id, {@code "boom"} a reader that fails; a reconnect asks for the posts after the acknowledged position
     * ({@code ?after=}).
     */
    private final class LinesProtocol implements LiveProtocol {

        @Override
        public String name() {
            return "test";
        }

        @Override
        public Transport.Request request(long resumeAfter) {
            return new Transport.Request(server.uri("/stream"
                    + (resumeAfter == PostSource.NO_POSITION ? "" : "?after=" + resumeAfter)), Map.of());
        }

        @Override
        public String credentialsHint() {
            return "check the test token";
        }

        @Override
        public FrameReader newReader() {
            return (line, events) -> {
                String[] parts = line.split(" ");
                if (line.startsWith("#")) {
                    return;
                }
                if (line.equals("?")) {
                    events.skipped();
                }
                else if (line.equals("boom")) {
                    throw new IllegalStateException("a bug in a reader");
                }
                else if (line.equals("invalid")) {
                    events.post(new Post(" ", "test", null, null, "#a", Instant.EPOCH, null));
                }
                else if (parts.length == 2) {
                    events.post(post(parts[1]), Long.parseLong(parts[0]));
                }
                else {
                    events.post(post(line));
                }
            };
        }
    }

    private static Post post(String id) {
        return new Post(id, "test", null, null, "#" + id, Instant.parse("2026-11-22T10:00:00Z"), null);
    }

    /** Positions saved, in order. */
    private static class SavedPositions implements PositionStore {

        final List<Long> saved = new CopyOnWriteArrayList<>();

        @Override
        public OptionalLong load() {
            return saved.isEmpty() ? OptionalLong.empty() : OptionalLong.of(saved.get(saved.size() - 1));
        }

        @Override
        public void save(long position) {
            saved.add(position);
        }
    }

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
        server = StreamServer.create().on("/", answer).start();
        requests = server.requests();
    }

    private LiveConnector connector(Backoff backoff, Duration idleTimeout, int maxInFlight, PositionStore positions) {
        return new LiveConnector(new LinesProtocol(), new HttpLinesTransport(),
                new LiveConnector.Settings(idleTimeout, backoff, maxInFlight, Duration.ofMillis(300)), positions,
                registry);
    }

    private static Backoff quickBackoff() {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new Random(1));
    }

    /** A sink that acknowledges each post as {@code answer} says: a completed future, a failed one, or one held. */
    private PostSink sink(Function<Post, CompletableFuture<Void>> answer) {
        return post -> {
            published.add(post);
            return answer.apply(post);
        };
    }

    private PostSink acknowledgingSink() {
        return sink(post -> CompletableFuture.completedFuture(null));
    }

    private static OutputStream openStream(HttpExchange exchange) throws IOException {
        return StreamServer.openStream(exchange, null);
    }

    private static void send(OutputStream out, String text) throws IOException {
        StreamServer.send(out, text);
    }

    private void holdOpen(OutputStream out) throws IOException {
        server.holdOpen(out);
    }

    private static void refuse(HttpExchange exchange, int status, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private List<String> ids() {
        return published.stream().map(Post::id).toList();
    }

    private double events(String outcome) {
        return registry.counter("tagpulse.source.connector.events", "connector", "test", "outcome", outcome).count();
    }

    private long gap(int request) {
        return server.gapBefore(request);
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals("tagpulse-test") && thread.isAlive());
    }

    @Test
    void shouldBackOffExponentiallyWhileRefusedAndStartOverOnceAConnectionDelivers() throws IOException {
        serve((exchange, request) -> {
            if (request <= 4) {
                refuse(exchange, 503, null, null);
                return;
            }
            OutputStream out = openStream(exchange);
            send(out, "p" + request + "\n");
            if (request == 5) {
                out.close();
                return;
            }
            holdOpen(out);
        });
        connector = connector(new Backoff(Duration.ofMillis(200), Duration.ofMillis(3200), new Random(1)),
                Duration.ofSeconds(30), 5_000, PositionStore.NONE);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(ids()).containsExactly("p5", "p6");
        // Delays are drawn between half the ceiling and the ceiling: 200, 400, 800, 1600 ms.
        assertThat(gap(1)).isGreaterThanOrEqualTo(100);
        assertThat(gap(2)).isGreaterThanOrEqualTo(200);
        assertThat(gap(3)).isGreaterThanOrEqualTo(400);
        assertThat(gap(4)).isGreaterThanOrEqualTo(800);
        // The fifth connection delivered a post: the back-off starts over (at most 200 ms, not 1.6 to 3.2 s).
        assertThat(gap(5)).isLessThan(1_500);
        assertThat(registry.counter("tagpulse.source.connector.reconnects", "connector", "test").count())
            .isEqualTo(5);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);
    }

    @Test
    void shouldReplaceASilentConnectionButNotOneThatWaitsForKafka() throws IOException {
        CountDownLatch kafkaBack = new CountDownLatch(1);
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            if (request == 1) {
                send(out, "a\nb\nc\nd\n");
                waitFor(kafkaBack);
                send(out, "e\n");
            }
            holdOpen(out);
        });
        List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
        connector = connector(quickBackoff(), Duration.ofMillis(300), 2, PositionStore.NONE);
        connector.start(sink(post -> {
            if (kafkaBack.getCount() == 0) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            held.add(ack);
            return ack;
        }));

        // Two posts wait for Kafka: the third is not read, and the wait is no silence of the server.
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(3))
            .until(() -> published.size() == 2 && requests.size() == 1);

        kafkaBack.countDown();
        held.forEach(ack -> ack.complete(null));
        // The same connection goes on: e, which only the first connection sends after the wait, arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 5);
        assertThat(ids()).containsExactly("a", "b", "c", "d", "e");
        // Then the server is silent for longer than the idle timeout: the connection is replaced.
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldWaitAsToldByA429WithARetryAfterDate() throws IOException {
        serve((exchange, request) -> {
            if (request == 1) {
                String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC));
                refuse(exchange, 429, "Retry-After", inTwoSeconds);
                return;
            }
            OutputStream out = openStream(exchange);
            send(out, "after\n");
            holdOpen(out);
        });
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, PositionStore.NONE);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(5)).until(() -> connector.status().state() == PostSource.State.RECONNECTING);
        assertThat(connector.status().detail()).contains("HTTP 429");
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        // The back-off alone would retry within 200 ms; the date is 1 to 2 s ahead (HTTP dates are in seconds).
        assertThat(gap(1)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void shouldRetryRefusedCredentialsSlowlyAndStopAtOnceWhileWaiting() throws IOException {
        serve((exchange, request) -> refuse(exchange, 401, null, null));
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, PositionStore.NONE);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(5)).until(() -> connector.status().state() == PostSource.State.RECONNECTING);
        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(3)).until(() -> requests.size() == 1);
        assertThat(connector.status().detail()).contains("HTTP 401").contains("60000 ms");

        long before = System.nanoTime();
        connector.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(connector.status().state()).isEqualTo(PostSource.State.STOPPED);
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void shouldCountEventsAndSendOnlyValidPostsOnTheSameConnection() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "#keep-alive\n?\ninvalid\nboom\nz\n");
            holdOpen(out);
        });
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, PositionStore.NONE);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        assertThat(ids()).containsExactly("z");
        assertThat(events("post")).isEqualTo(1);
        assertThat(events("skipped")).isEqualTo(1);
        assertThat(events("malformed")).isEqualTo(2);
        assertThat(requests).hasSize(1);
        assertThat(registry.get("tagpulse.source.connector.connected").tag("connector", "test").gauge().value())
            .isEqualTo(1);
    }

    @Test
    void shouldNeverSaveAPositionPastAPostKafkaHasNotAcknowledgedAndResumeFromIt() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, request == 1 ? "1 a\n2 b\n3 c\n" : "2 b\n3 c\n");
            holdOpen(out);
        });
        Map<String, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();
        SavedPositions positions = new SavedPositions();
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, positions);
        connector.start(sink(post -> acks.computeIfAbsent(post.id() + "#" + published.size(),
                key -> new CompletableFuture<>())));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);

        acks.get("c#3").complete(null);
        acks.get("a#1").complete(null);

        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(1L));
        connector.stop(); // b still waits: the stop waits 300 ms for it, then saves what is acknowledged
        assertThat(positions.saved).containsOnly(1L);
        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);

        connector.start(sink(post -> CompletableFuture.completedFuture(null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 5);
        assertThat(requests).containsExactly("/stream", "/stream?after=1");
        assertThat(ids()).containsExactly("a", "b", "c", "b", "c");
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(3L));
    }

    @Test
    void shouldSendARefusedPostAgainOnTheSameConnectionAndNeverSaveAPositionPastIt() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "1 a\n2 b\n3 c\n");
            holdOpen(out);
        });
        SavedPositions positions = new SavedPositions();
        CountDownLatch refusals = new CountDownLatch(2);
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, positions);
        connector.start(sink(post -> {
            if (post.id().equals("b") && refusals.getCount() > 0) {
                refusals.countDown();
                return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
            }
            return CompletableFuture.completedFuture(null);
        }));

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.acknowledgedUpTo() == 3);
        // b three times (refused twice, then taken), the others once, all on the one connection.
        assertThat(ids()).filteredOn("b"::equals).hasSize(3);
        assertThat(ids()).filteredOn(id -> !id.equals("b")).containsExactly("a", "c");
        assertThat(requests).containsExactly("/stream");
        assertThat(registry.counter("tagpulse.source.live.send-retries", "connector", "test").count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(3L));
        assertThat(positions.saved).isSorted().doesNotContain(2L);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);
    }

    @Test
    void shouldStopReadingAndSayWhyWhenAPostIsRefusedForGood() throws IOException {
        CountDownLatch failed = new CountDownLatch(1);
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "1 a\n2 b\n3 c\n");
            try {
                failed.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            send(out, "4 d\n");
            holdOpen(out);
        });
        SavedPositions positions = new SavedPositions();
        connector = new LiveConnector(new LinesProtocol(), new HttpLinesTransport(), new LiveConnector.Settings(
                Duration.ofSeconds(30), quickBackoff(), 5_000, Duration.ofMillis(300), 2, quickBackoff()), positions,
                registry);
        connector.start(sink(post -> post.id().equals("b")
                ? CompletableFuture.failedFuture(new IllegalStateException("broker gone"))
                : CompletableFuture.completedFuture(null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.status().state() == PostSource.State.FAILED);
        failed.countDown();
        assertThat(connector.status().detail()).contains("post b", "broker gone", "reading stopped");
        assertThat(registry.counter("tagpulse.source.live.send-retries", "connector", "test").count()).isEqualTo(2);
        // The reader is parked by the halt, so d (sent after the failure) is never read.
        await().atMost(Duration.ofSeconds(10)).until(LiveConnectorTests::readerHeldByTheHalt);
        assertThat(ids()).containsExactly("a", "b", "c", "b", "b").doesNotContain("d");
        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(1L));

        connector.stop();

        assertThat(positions.saved).containsOnly(1L);
        assertThat(readerAlive()).isFalse();
        assertThat(connector.status()).isEqualTo(PostSource.Status.STOPPED);
    }

    @Test
    void shouldCountAndReportAFailedSaveAndRecoverOnceASaveWorks() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "1 a\n2 b\n");
            holdOpen(out);
        });
        AtomicBoolean storeDown = new AtomicBoolean(true);
        SavedPositions positions = new SavedPositions() {

            @Override
            public void save(long position) {
                if (storeDown.get()) {
                    throw new IllegalStateException("positions topic unreachable");
                }
                super.save(position);
            }
        };
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, positions);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connector.positionStatus()).get()
            .satisfies(status -> {
                assertThat(status.failure()).contains("could not save position 2", "positions topic unreachable");
                assertThat(status.acknowledgedUpTo()).isEqualTo(2);
            }));
        assertThat(registry.counter("tagpulse.source.live.position-save-failures", "connector", "test").count())
            .isGreaterThanOrEqualTo(1);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);

        storeDown.set(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> positions.saved.contains(2L));
        await().atMost(Duration.ofSeconds(5)).until(() -> connector.positionStatus().orElseThrow().failure() == null);
        assertThat(connector.positionStatus().orElseThrow().saved()).isEqualTo(2);
    }

    @Test
    void shouldReadNothingUntilTheSavedPositionIsLoadedThenResumeAfterIt() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "6 f\n");
            holdOpen(out);
        });
        AtomicInteger loads = new AtomicInteger();
        SavedPositions positions = new SavedPositions() {

            @Override
            public OptionalLong load() {
                if (loads.incrementAndGet() <= 2) {
                    throw new IllegalStateException("positions topic unreachable");
                }
                return OptionalLong.of(5);
            }
        };
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, positions);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        assertThat(loads).hasValue(3);
        assertThat(requests).containsExactly("/stream?after=5");
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(6L));
        assertThat(connector.positionStatus().orElseThrow().failure()).isNull();
    }

    @Test
    void shouldReportAFailedLoadInTheStatusAndThePositions() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            holdOpen(out);
        });
        SavedPositions positions = new SavedPositions() {

            @Override
            public OptionalLong load() {
                throw new IllegalStateException("positions topic unreachable");
            }
        };
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, positions);
        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.status().state()
                == PostSource.State.RECONNECTING);
        assertThat(connector.status().detail()).contains("could not read the saved position");
        assertThat(connector.positionStatus().orElseThrow().failure()).contains("positions topic unreachable");
        assertThat(requests).isEmpty();
    }

    private static boolean readerHeldByTheHalt() {
        return Thread.getAllStackTraces().entrySet().stream()
            .filter(entry -> entry.getKey().getName().equals("tagpulse-test"))
            .anyMatch(entry -> java.util.Arrays.stream(entry.getValue())
                .anyMatch(frame -> frame.getMethodName().equals("holdIfHalted")));
    }

    @Test
    void shouldStopCleanlyAndStartAgain() throws IOException {
        serve((exchange, request) -> {
            OutputStream out = openStream(exchange);
            send(out, "r" + request + "\n");
            holdOpen(out);
        });
        connector = connector(quickBackoff(), Duration.ofSeconds(30), 5_000, PositionStore.NONE);
        connector.start(acknowledgingSink());
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);

        connector.stop();

        assertThat(readerAlive()).isFalse();
        assertThat(connector.status()).isEqualTo(PostSource.Status.STOPPED);
        assertThat(registry.get("tagpulse.source.connector.connected").tag("connector", "test").gauge().value())
            .isZero();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> requests.size() == 1);

        connector.start(acknowledgingSink());

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
        assertThat(ids()).containsExactly("r1", "r2");
    }
}
