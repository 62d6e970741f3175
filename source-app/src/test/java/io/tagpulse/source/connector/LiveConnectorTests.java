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

import com.sun.net.httpserver.HttpExchange;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.InFlight;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
            return new Transport.Request(live.server().uri("/stream"
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

    @RegisterExtension
    final LiveFixture live = new LiveFixture();

    private LiveConnector connector;

    /** The test protocol's connector, waiting at most 300 ms at stop for the posts on their way. */
    private LiveConnector connector(Backoff backoff, Duration idleTimeout, int maxInFlight, Ticker ticker,
            PositionStore positions) {
        connector = live.connector(new LinesProtocol(), new LiveConnector.Settings(idleTimeout, backoff, maxInFlight,
                Duration.ofMillis(300)).on(ticker), positions);
        return connector;
    }

    /** The test protocol's connector on quick back-off, a 30 s idle timeout and the system's time. */
    private LiveConnector connector(PositionStore positions) {
        return connector(LiveFixture.quickBackoff(), Duration.ofSeconds(30), 5_000, Ticker.SYSTEM, positions);
    }

    private static OutputStream openStream(HttpExchange exchange) throws IOException {
        return StreamServer.openStream(exchange, null);
    }

    private double events(String outcome) {
        return live.events("test", outcome);
    }

    private long gap(int request) {
        return live.server().gapBefore(request);
    }

    private static boolean readerAlive() {
        return Threads.alive("tagpulse-test");
    }

    @Test
    void shouldBackOffExponentiallyWhileRefusedAndStartOverOnceAConnectionDelivers() throws IOException {
        live.serve((exchange, request) -> {
            if (request <= 4) {
                StreamServer.refuse(exchange, 503, null, null);
                return;
            }
            OutputStream out = openStream(exchange);
            StreamServer.send(out, "p" + request + "\n");
            if (request == 5) {
                out.close();
                return;
            }
            live.server().holdOpen(out);
        });
        connector = connector(new Backoff(Duration.ofMillis(200), Duration.ofMillis(3200), new Random(1)),
                Duration.ofSeconds(30), 5_000, Ticker.SYSTEM, PositionStore.NONE);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(20)).until(() -> live.published.size() == 2);
        assertThat(live.ids()).containsExactly("p5", "p6");
        // Delays are drawn between half the ceiling and the ceiling: 200, 400, 800, 1600 ms.
        assertThat(gap(1)).isGreaterThanOrEqualTo(100);
        assertThat(gap(2)).isGreaterThanOrEqualTo(200);
        assertThat(gap(3)).isGreaterThanOrEqualTo(400);
        assertThat(gap(4)).isGreaterThanOrEqualTo(800);
        // The fifth connection delivered a post: the back-off starts over (at most 200 ms, not 1.6 to 3.2 s).
        assertThat(gap(5)).isLessThan(1_500);
        assertThat(live.counter("tagpulse.source.connector.reconnects", "test")).isEqualTo(5);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);
    }

    @Test
    void shouldReplaceASilentConnectionButNotOneThatWaitsForKafka() throws IOException {
        CountDownLatch kafkaBack = new CountDownLatch(1);
        live.serveStream(null, (out, request) -> {
            if (request == 1) {
                StreamServer.send(out, "a\nb\nc\nd\n");
                waitFor(kafkaBack);
                StreamServer.send(out, "e\n");
            }
        });
        List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
        ManualTicker ticker = new ManualTicker();
        connector = connector(LiveFixture.quickBackoff(), Duration.ofMillis(300), 2, ticker, PositionStore.NONE);
        connector.start(live.sink(post -> {
            if (kafkaBack.getCount() == 0) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            held.add(ack);
            return ack;
        }));

        // Two posts wait for Kafka: the third is not read, and the wait is no silence of the server. The reader
        // is parked until Kafka answers; ten idle timeouts pass, and two idle checks run after that, without effect.
        await().atMost(Duration.ofSeconds(10)).until(() -> Threads.waitingIn("tagpulse-test", InFlight.class,
                "send"));
        ticker.advance(Duration.ofSeconds(3));
        long reads = ticker.reads();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticker.reads() >= reads + 2);
        assertThat(live.published).hasSize(2);
        assertThat(live.requests()).hasSize(1);

        kafkaBack.countDown();
        held.forEach(ack -> ack.complete(null));
        // The same connection goes on: e, which only the first connection sends after the wait, arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 5);
        assertThat(live.ids()).containsExactly("a", "b", "c", "d", "e");
        // Then the server is silent for longer than the idle timeout: the connection is replaced.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ticker.advance(Duration.ofMillis(400));
            return live.requests().size() >= 2;
        });
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
        live.serve((exchange, request) -> {
            if (request == 1) {
                String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC));
                StreamServer.refuse(exchange, 429, "Retry-After", inTwoSeconds);
                return;
            }
            OutputStream out = openStream(exchange);
            StreamServer.send(out, "after\n");
            live.server().holdOpen(out);
        });
        connector = connector(PositionStore.NONE);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(5)).until(() -> connector.status().state() == PostSource.State.RECONNECTING);
        assertThat(connector.status().detail()).contains("HTTP 429");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        // The back-off alone would retry within 200 ms; the date is 1 to 2 s ahead (HTTP dates are in seconds).
        assertThat(gap(1)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void shouldRetryRefusedCredentialsSlowlyAndStopAtOnceWhileWaiting() throws IOException {
        live.serve((exchange, request) -> StreamServer.refuse(exchange, 401, null, null));
        ManualTicker ticker = new ManualTicker();
        connector = connector(LiveFixture.quickBackoff(), Duration.ofSeconds(30), 5_000, ticker, PositionStore.NONE);
        connector.start(live.acknowledging());

        // The reader waits a minute, not the back-off's 50 to 200 ms, and connects again only once it has passed.
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.waits().size() == 1);
        assertThat(ticker.waits()).containsExactly(Duration.ofMinutes(1));
        assertThat(connector.status().detail()).contains("HTTP 401").contains("60000 ms");
        assertThat(live.requests()).hasSize(1);
        ticker.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.waits().size() == 2);
        assertThat(live.requests()).hasSize(2);
        assertThat(ticker.waits()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1));

        long before = System.nanoTime();
        connector.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(connector.status().state()).isEqualTo(PostSource.State.STOPPED);
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void shouldCountEventsAndSendOnlyValidPostsOnTheSameConnection() throws IOException {
        live.serveStream(null, request -> "#keep-alive\n?\ninvalid\nboom\nz\n");
        connector = connector(PositionStore.NONE);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(live.ids()).containsExactly("z");
        assertThat(events("post")).isEqualTo(1);
        assertThat(events("skipped")).isEqualTo(1);
        assertThat(events("malformed")).isEqualTo(2);
        assertThat(live.requests()).hasSize(1);
        assertThat(live.connected("test"))
            .isEqualTo(1);
    }

    @Test
    void shouldNeverSaveAPositionPastAPostKafkaHasNotAcknowledgedAndResumeFromIt() throws IOException {
        live.serveStream(null, request -> request == 1 ? "1 a\n2 b\n3 c\n" : "2 b\n3 c\n");
        Map<String, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();
        SavedPositions positions = new SavedPositions();
        connector = connector(positions);
        connector.start(live.sink(post -> acks.computeIfAbsent(post.id() + "#" + live.published.size(),
                key -> new CompletableFuture<>())));
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 3);

        acks.get("c#3").complete(null);
        acks.get("a#1").complete(null);

        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(1L));
        connector.stop(); // b still waits: the stop waits 300 ms for it, then saves what is acknowledged
        assertThat(positions.saved).containsOnly(1L);
        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);

        connector.start(live.sink(post -> CompletableFuture.completedFuture(null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 5);
        assertThat(live.requests()).containsExactly("/stream", "/stream?after=1");
        assertThat(live.ids()).containsExactly("a", "b", "c", "b", "c");
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(3L));
    }

    @Test
    void shouldSendARefusedPostAgainOnTheSameConnectionAndNeverSaveAPositionPastIt() throws IOException {
        live.serveStream(null, request -> "1 a\n2 b\n3 c\n");
        SavedPositions positions = new SavedPositions();
        CountDownLatch refusals = new CountDownLatch(2);
        connector = connector(positions);
        connector.start(live.sink(post -> {
            if (post.id().equals("b") && refusals.getCount() > 0) {
                refusals.countDown();
                return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
            }
            return CompletableFuture.completedFuture(null);
        }));

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.acknowledgedUpTo() == 3);
        // b three times (refused twice, then taken), the others once, all on the one connection.
        assertThat(live.ids()).filteredOn("b"::equals).hasSize(3);
        assertThat(live.ids()).filteredOn(id -> !id.equals("b")).containsExactly("a", "c");
        assertThat(live.requests()).containsExactly("/stream");
        assertThat(live.counter("tagpulse.source.live.send-retries", "test")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(3L));
        assertThat(positions.saved).isSorted().doesNotContain(2L);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);
    }

    @Test
    void shouldStopReadingAndSayWhyWhenAPostIsRefusedForGood() throws IOException {
        CountDownLatch failed = new CountDownLatch(1);
        live.serveStream(null, (out, request) -> {
            StreamServer.send(out, "1 a\n2 b\n3 c\n");
            waitFor(failed);
            StreamServer.send(out, "4 d\n");
        });
        SavedPositions positions = new SavedPositions();
        connector = live.connector(new LinesProtocol(), new LiveConnector.Settings(Duration.ofSeconds(30),
                LiveFixture.quickBackoff(), 5_000, Duration.ofMillis(300), 2, LiveFixture.quickBackoff()), positions);
        connector.start(live.sink(post -> post.id().equals("b")
                ? CompletableFuture.failedFuture(new IllegalStateException("broker gone"))
                : CompletableFuture.completedFuture(null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.status().state() == PostSource.State.FAILED);
        failed.countDown();
        assertThat(connector.status().detail()).contains("post b", "broker gone", "reading stopped");
        assertThat(live.counter("tagpulse.source.live.send-retries", "test")).isEqualTo(2);
        // The reader is parked by the halt, so d (sent after the failure) is never read.
        await().atMost(Duration.ofSeconds(10)).until(() -> Threads.waitingIn("tagpulse-test", PostHandoff.class,
                "holdIfHalted"));
        assertThat(live.ids()).containsExactly("a", "b", "c", "b", "b").doesNotContain("d");
        assertThat(connector.acknowledgedUpTo()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(1L));

        connector.stop();

        assertThat(positions.saved).containsOnly(1L);
        assertThat(readerAlive()).isFalse();
        assertThat(connector.status()).isEqualTo(PostSource.Status.STOPPED);
    }

    @Test
    void shouldCountAndReportAFailedSaveAndRecoverOnceASaveWorks() throws IOException {
        live.serveStream(null, request -> "1 a\n2 b\n");
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
        connector = connector(positions);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connector.positionStatus()).get()
            .satisfies(status -> {
                assertThat(status.failure()).contains("could not save position 2", "positions topic unreachable");
                assertThat(status.acknowledgedUpTo()).isEqualTo(2);
            }));
        assertThat(live.counter("tagpulse.source.live.position-save-failures", "test")).isGreaterThanOrEqualTo(1);
        assertThat(connector.status().state()).isEqualTo(PostSource.State.RUNNING);

        storeDown.set(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> positions.saved.contains(2L));
        await().atMost(Duration.ofSeconds(5)).until(() -> connector.positionStatus().orElseThrow().failure() == null);
        assertThat(connector.positionStatus().orElseThrow().saved()).isEqualTo(2);
    }

    @Test
    void shouldReadNothingUntilTheSavedPositionIsLoadedThenResumeAfterIt() throws IOException {
        live.serveStream(null, request -> "6 f\n");
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
        connector = connector(positions);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);
        assertThat(loads).hasValue(3);
        assertThat(live.requests()).containsExactly("/stream?after=5");
        await().atMost(Duration.ofSeconds(5)).until(() -> positions.saved.contains(6L));
        assertThat(connector.positionStatus().orElseThrow().failure()).isNull();
    }

    @Test
    void shouldReportAFailedLoadInTheStatusAndThePositions() throws IOException {
        live.serveStream(null, request -> "");
        SavedPositions positions = new SavedPositions() {

            @Override
            public OptionalLong load() {
                throw new IllegalStateException("positions topic unreachable");
            }
        };
        connector = connector(positions);
        connector.start(live.acknowledging());

        await().atMost(Duration.ofSeconds(10)).until(() -> connector.status().state()
                == PostSource.State.RECONNECTING);
        assertThat(connector.status().detail()).contains("could not read the saved position");
        assertThat(connector.positionStatus().orElseThrow().failure()).contains("positions topic unreachable");
        assertThat(live.requests()).isEmpty();
    }

    @Test
    void shouldStopCleanlyAndStartAgain() throws IOException {
        live.serveStream(null, request -> "r" + request + "\n");
        connector = connector(PositionStore.NONE);
        connector.start(live.acknowledging());
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 1);

        connector.stop();

        assertThat(readerAlive()).isFalse();
        assertThat(connector.status()).isEqualTo(PostSource.Status.STOPPED);
        assertThat(live.connected("test"))
            .isZero();

        connector.start(live.acknowledging());

        // The server numbers its answers: r2 proves that nothing connected between the stop and the start.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.published.size() == 2);
        assertThat(live.ids()).containsExactly("r1", "r2");
        assertThat(live.requests()).hasSize(2);
    }
}
