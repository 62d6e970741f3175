package io.tagpulse.source.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tagpulse.source.connector.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived HTTP GET whose body is a stream of lines (server-sent events, NDJSON), kept alive: every line goes to
 * a handler; heartbeats count as life; a stream silent for longer than the idle timeout is dropped; any end or
 * failure reconnects with back-off and jitter; a 429 waits as the server says ({@code Retry-After} in seconds or as
 * a date, or an epoch-seconds reset header); a 401 or 403 logs what to fix and keeps retrying slowly.
 */
public final class LineStreamConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LineStreamConnector.class);

    private static final Duration AUTH_RETRY = Duration.ofMinutes(1);

    /**
     * @param name the connector's name in logs and metric tags, e.g. {@code mastodon}
     * @param uri what to GET
     * @param headers request headers (authorization included)
     * @param credentialsHint what a person should check when the server refuses the credentials
     * @param idleTimeout longest silence (heartbeats included) before the stream is considered dead
     */
    public record Settings(String name, URI uri, Map<String, String> headers, String credentialsHint,
            Duration idleTimeout) {
    }

    private final Settings settings;

    private final Consumer<String> lines;

    private final Backoff backoff;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final ScheduledExecutorService watchdog;

    private final AtomicInteger connected = new AtomicInteger();

    private final Counter reconnects;

    private volatile boolean running;

    private volatile InputStream body;

    private volatile long lastLineNanos;

    private Thread reader;

    public LineStreamConnector(Settings settings, Consumer<String> lines, Backoff backoff, MeterRegistry registry) {
        this.settings = settings;
        this.lines = lines;
        this.backoff = backoff;
        Tags tags = Tags.of("connector", settings.name());
        registry.gauge("tagpulse.source.connector.connected", tags, connected);
        this.reconnects = registry.counter("tagpulse.source.connector.reconnects", tags);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tagpulse-" + settings.name() + "-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        running = true;
        reader = new Thread(this::run, "tagpulse-" + settings.name());
        reader.setDaemon(true);
        reader.start();
        long check = Math.max(100, settings.idleTimeout().toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::checkIdle, check, check, TimeUnit.MILLISECONDS);
    }

    private void run() {
        int failures = 0;
        while (running) {
            Duration wait;
            try {
                wait = streamOnce();
                failures = wait == null ? 0 : failures;
            }
            catch (IOException ex) {
                if (!running) {
                    break;
                }
                log.warn("{} stream failed: {}", settings.name(), ex.toString());
                wait = null;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            connected.set(0);
            if (!running) {
                break;
            }
            Duration delay = wait != null ? wait : backoff.delay(failures++);
            reconnects.increment();
            log.info("Reconnecting to {} in {} ms", settings.name(), delay.toMillis());
            try {
                Thread.sleep(delay.toMillis()); // a reconnect delay, on the connector's own thread
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** @return how long the server asked us to wait, or null to use the back-off */
    private Duration streamOnce() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.uri()).GET();
        settings.headers().forEach(request::header);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status != 200) {
            try (InputStream ignored = response.body()) {
                return refused(status, response);
            }
        }
        body = response.body();
        lastLineNanos = System.nanoTime();
        connected.set(1);
        log.info("Connected to {} at {}", settings.name(), settings.uri());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while (running && (line = in.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                lines.accept(line);
            }
        }
        finally {
            body = null;
        }
        log.warn("{} closed the stream", settings.name());
        return null;
    }

    private Duration refused(int status, HttpResponse<?> response) {
        if (status == 401 || status == 403) {
            log.error("{} refused the credentials (HTTP {}): {}; retrying in {} s", settings.name(), status,
                    settings.credentialsHint(), AUTH_RETRY.toSeconds());
            return AUTH_RETRY;
        }
        if (status == 429) {
            Duration wait = retryAfter(response.headers().map(), Instant.now()).orElse(null);
            log.warn("{} rate-limits this client (HTTP 429); waiting {}", settings.name(),
                    wait == null ? "with back-off" : wait.toSeconds() + " s as asked");
            return wait;
        }
        log.warn("{} answered HTTP {}", settings.name(), status);
        return null;
    }

    /**
     * How long a 429 asks to wait: {@code Retry-After} in seconds or as an HTTP date, else a reset time in epoch
     * seconds ({@code x-rate-limit-reset}, X) or ISO-8601 ({@code X-RateLimit-Reset}, Mastodon).
     */
    static Optional<Duration> retryAfter(Map<String, java.util.List<String>> headers, Instant now) {
        Optional<String> retryAfter = header(headers, "retry-after");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().strip();
            if (value.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                return Optional.of(nonNegative(Duration.between(now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())));
            }
            catch (DateTimeParseException ignored) {
                // fall through to the reset headers
            }
        }
        Optional<String> reset = header(headers, "x-rate-limit-reset").or(() -> header(headers, "x-ratelimit-reset"));
        if (reset.isPresent()) {
            String value = reset.get().strip();
            try {
                Instant at = value.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(value))
                        : OffsetDateTime.parse(value).toInstant();
                return Optional.of(nonNegative(Duration.between(now, at)));
            }
            catch (DateTimeParseException ex) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static Optional<String> header(Map<String, java.util.List<String>> headers, String name) {
        return headers.entrySet().stream()
            .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
            .map(entry -> entry.getValue().get(0))
            .findFirst();
    }

    private void checkIdle() {
        InputStream current = body;
        long silent = System.nanoTime() - lastLineNanos;
        if (current != null && silent > settings.idleTimeout().toNanos()) {
            log.warn("{} sent nothing, not even a heartbeat, for {} ms; reconnecting", settings.name(),
                    silent / 1_000_000);
            closeQuietly(current);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        }
        catch (IOException ignored) {
            // closing is how the read is interrupted
        }
    }

    @Override
    public void close() {
        running = false;
        InputStream current = body;
        if (current != null) {
            closeQuietly(current);
        }
        if (reader != null) {
            reader.interrupt();
        }
        watchdog.shutdownNow();
        connected.set(0);
    }
}
