package io.tagpulse.source.jetstream;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.source.connector.AckedCursor;
import io.tagpulse.source.connector.Backoff;
import io.tagpulse.source.connector.CursorFile;
import io.tagpulse.source.PostSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams new Bluesky posts from a Jetstream server over WebSocket into the pipeline.
 * <ul>
 * <li>Resumes from the cursor of the last post Kafka acknowledged, kept in a file, so a restart neither loses nor
 * repeats posts; events at or before the cursor that the server sends again are skipped.</li>
 * <li>Reconnects after any disconnect with exponential back-off and jitter; a connection silent for longer than the
 * idle timeout is considered dead and replaced; a 429 answer is honoured by waiting for its {@code Retry-After}.</li>
 * <li>Pulls one message at a time (WebSocket demand) and stops pulling while too many posts wait for Kafka.</li>
 * </ul>
 * Metrics, tagged {@code connector=jetstream}: {@code tagpulse.source.connector.connected},
 * {@code tagpulse.source.connector.reconnects}, {@code tagpulse.source.connector.events{outcome=post|skipped|
 * duplicate|malformed}}, {@code tagpulse.source.connector.last-event-time} (epoch seconds).
 */
public final class JetstreamConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JetstreamConnector.class);

    private static final int MAX_IN_FLIGHT = 5_000;

    private static final Duration CURSOR_SAVE_INTERVAL = Duration.ofSeconds(1);

    /**
     * @param endpoint the subscribe URL, e.g. {@code wss://jetstream2.us-east.bsky.network/subscribe}
     * @param idleTimeout how long a connection may stay silent before it is replaced
     * @param backoffInitial first reconnect delay ceiling; doubles up to {@code backoffMax}
     */
    public record Settings(URI endpoint, Duration idleTimeout, Duration backoffInitial, Duration backoffMax) {
    }

    private final Settings settings;

    private final PostSink sink;

    private final CursorFile cursorFile;

    private final Backoff backoff;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tagpulse-jetstream");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http;

    private final AckedCursor cursor;

    private final AtomicInteger connected = new AtomicInteger();

    private final AtomicLong lastEventSeconds = new AtomicLong();

    private final Counter reconnects;

    private final Counter posts;

    private final Counter skipped;

    private final Counter duplicates;

    private final Counter malformed;

    private volatile WebSocket socket;

    /** Each connection attempt has a number; callbacks of replaced connections are ignored. */
    private final AtomicInteger generation = new AtomicInteger();

    private volatile long lastMessageNanos;

    private volatile boolean running;

    private final AtomicInteger failedAttempts = new AtomicInteger();

    public JetstreamConnector(Settings settings, PostSink sink, CursorFile cursorFile, Backoff backoff,
            MeterRegistry registry) {
        this.settings = settings;
        this.sink = sink;
        this.cursorFile = cursorFile;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tagpulse-jetstream-io");
                thread.setDaemon(true);
                return thread;
            }))
            .build();
        OptionalLong saved = cursorFile.read();
        this.cursor = new AckedCursor(saved.orElse(-1));
        registry.gauge("tagpulse.source.connector.connected", io.micrometer.core.instrument.Tags.of("connector",
                "jetstream"), connected);
        registry.gauge("tagpulse.source.connector.last-event-time", io.micrometer.core.instrument.Tags.of(
                "connector", "jetstream"), lastEventSeconds);
        this.reconnects = registry.counter("tagpulse.source.connector.reconnects", "connector", "jetstream");
        this.posts = registry.counter("tagpulse.source.connector.events", "connector", "jetstream", "outcome", "post");
        this.skipped = registry.counter("tagpulse.source.connector.events", "connector", "jetstream", "outcome",
                "skipped");
        this.duplicates = registry.counter("tagpulse.source.connector.events", "connector", "jetstream", "outcome",
                "duplicate");
        this.malformed = registry.counter("tagpulse.source.connector.events", "connector", "jetstream", "outcome",
                "malformed");
    }

    public void start() {
        running = true;
        scheduler.execute(this::connect);
        long idleCheck = Math.max(100, settings.idleTimeout().toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::checkIdle, idleCheck, idleCheck, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::saveCursor, CURSOR_SAVE_INTERVAL.toMillis(),
                CURSOR_SAVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the URL of the next connection: the endpoint, posts only, from the safe cursor if there is one */
    URI subscribeUri() {
        String base = settings.endpoint().toString();
        StringBuilder uri = new StringBuilder(base).append(base.contains("?") ? '&' : '?')
            .append("wantedCollections=").append(URLEncoder.encode(JetstreamParser.POST_COLLECTION,
                    StandardCharsets.UTF_8));
        long resumeFrom = cursor.safe();
        if (resumeFrom >= 0) {
            uri.append("&cursor=").append(resumeFrom);
        }
        return URI.create(uri.toString());
    }

    private void connect() {
        if (!running) {
            return;
        }
        URI uri = subscribeUri();
        int attempt = generation.incrementAndGet();
        log.info("Connecting to Jetstream at {}", uri);
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, new Listener(attempt))
            .whenComplete((webSocket, error) -> {
                if (error != null) {
                    lost(attempt, error);
                }
            });
    }

    /** A connection ended or failed: reconnect, once per connection, unless it was already replaced. */
    private void lost(int attempt, Throwable cause) {
        if (generation.compareAndSet(attempt, attempt + 1)) {
            scheduleReconnect(cause);
        }
    }

    /** Drops the current connection (silent, or a post it carried did not reach Kafka) and reconnects. */
    private void replace(String reason) {
        WebSocket current = socket;
        int attempt = generation.get();
        if (current != null) {
            current.abort();
        }
        lost(attempt, new IllegalStateException(reason));
    }

    private void scheduleReconnect(Throwable cause) {
        connected.set(0);
        socket = null;
        if (!running) {
            return;
        }
        Duration delay = retryAfter(cause).orElseGet(() -> backoff.delay(failedAttempts.getAndIncrement()));
        reconnects.increment();
        log.warn("Jetstream connection lost ({}); reconnecting in {} ms from cursor {}", describe(cause),
                delay.toMillis(), cursor.safe());
        scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A 429 answer says how long to wait: honour it rather than our own back-off. */
    private static Optional<Duration> retryAfter(Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof WebSocketHandshakeException handshake && handshake.getResponse().statusCode() == 429) {
            return handshake.getResponse().headers().firstValue("Retry-After").flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
                }
                catch (NumberFormatException ex) {
                    return Optional.empty();
                }
            });
        }
        return Optional.empty();
    }

    private static String describe(Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof WebSocketHandshakeException handshake) {
            return "handshake answered HTTP " + handshake.getResponse().statusCode();
        }
        return root == null ? "closed by the server" : root.toString();
    }

    private void checkIdle() {
        WebSocket current = socket;
        long silentFor = System.nanoTime() - lastMessageNanos;
        if (current != null && silentFor > settings.idleTimeout().toNanos()) {
            replace("silent for " + silentFor / 1_000_000 + " ms");
        }
    }

    private void saveCursor() {
        long safe = cursor.safe();
        if (safe >= 0) {
            cursorFile.write(safe);
        }
    }

    private void handle(String message) {
        lastMessageNanos = System.nanoTime();
        Optional<JetstreamEvent> event;
        try {
            event = JetstreamParser.parse(message);
        }
        catch (InvalidRecordException ex) {
            malformed.increment();
            log.warn("Skipping a malformed Jetstream event: {}", ex.getMessage());
            return;
        }
        if (event.isEmpty()) {
            skipped.increment();
            return;
        }
        long eventCursor = event.get().cursor();
        if (cursor.isDone(eventCursor)) {
            duplicates.increment();
            return;
        }
        failedAttempts.set(0);
        lastEventSeconds.set(eventCursor / 1_000_000);
        cursor.sent(eventCursor);
        posts.increment();
        sink.publish(event.get().post()).whenComplete((ok, error) -> {
            if (error == null) {
                cursor.acknowledged(eventCursor);
            }
            else {
                cursor.failed(eventCursor);
                log.warn("Kafka did not take Bluesky post {}: {}; it will be fetched again", event.get().post().id(),
                        error.toString());
                replace("a post did not reach Kafka");
            }
        });
        while (cursor.inFlightCount() > MAX_IN_FLIGHT && running) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        private final int attempt;

        Listener(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (generation.get() != attempt) {
                webSocket.abort();
                return;
            }
            socket = webSocket;
            lastMessageNanos = System.nanoTime();
            connected.set(1);
            log.info("Connected to Jetstream");
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (generation.get() != attempt) {
                return null;
            }
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                handle(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(attempt, new IllegalStateException("closed by the server: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(attempt, error);
        }
    }

    /** Stops reading, waits briefly for the posts on their way to Kafka, and saves the cursor. */
    @Override
    public void close() {
        running = false;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cursor.inFlightCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        scheduler.shutdownNow();
        saveCursor();
        connected.set(0);
    }

    /** For tests and health: the cursor a restart would resume from. */
    public long safeCursor() {
        return cursor.safe();
    }

}
