package io.tagpulse.source.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one runtime of the live sources: it keeps the connection to a platform's stream the same way for every
 * platform, with the platform's protocol a small {@link LiveProtocol} and the wire a {@link Transport}.
 * <ul>
 * <li>Connects on a thread of its own and reads one frame at a time, each handed to the protocol's reader.</li>
 * <li>Reconnects after any end or failure with exponential back-off and jitter ({@link Backoff}), from the first delay
 * again once a connection has delivered something; a connection that keeps the runtime waiting longer than the idle
 * timeout (heartbeats and keep-alives are frames) is replaced; a 429 waits as the server says ({@link RetryAfter});
 * a 401 or 403 logs what to fix and retries once a minute.</li>
 * <li>At most {@code maxInFlight} posts wait for Kafka; beyond that it stops reading (no WebSocket demand, no reads
 * from the HTTP body), so the server is slowed instead of the heap filling. Waiting for Kafka is not silence.</li>
 * <li>Posts go to the sink through a {@link PostHandoff}, one per run. A post Kafka refused is sent again with
 * back-off ({@link RetryingSink}) a bounded number of times; when it fails for good, the run halts: no more reading,
 * the status FAILED with the reason, until the connector is stopped. Nothing is dropped silently.</li>
 * <li>Posts with a position (Jetstream's cursor) are tracked by an {@link AckedCursor}: the position saved in the
 * {@link PositionStore} (every second and at stop) and resumed after is the acknowledged one, never past a post
 * still waiting or refused; the position is loaded on the reader's thread before the first connection, and a load or
 * save that fails is reported ({@link #positionStatus()}) and tried again.</li>
 * <li>Every post is checked as the pipeline checks it ({@code Post.problems()}); an invalid one is malformed, and so
 * is a frame whose reading failed unexpectedly (the connection goes on).</li>
 * <li>Metrics ({@link ConnectorMetrics}) and a status for health; {@link #stop} ends the thread, waits briefly for
 * the posts on their way when there is a position to save, and saves it. It may be started again.</li>
 * </ul>
 */
public final class LiveConnector implements PostSource {

    private static final Logger log = LoggerFactory.getLogger(LiveConnector.class);

    private static final Duration AUTH_RETRY = Duration.ofMinutes(1);

    private static final Duration SAVE_INTERVAL = Duration.ofSeconds(1);

    private static final long NOT_WAITING = Long.MIN_VALUE;

    /** The least time a server has to answer a connection (the idle timeout, when longer). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param idleTimeout longest wait for a frame before the connection is considered dead
     * @param backoff the reconnect delays
     * @param maxInFlight most posts waiting for Kafka before the reading stops
     * @param stopTimeout longest wait at stop for the posts on their way, when there is a position to save
     * @param ticker the time the idle timeout and the waits between connections are measured in
     */
    public record Settings(Duration idleTimeout, Backoff backoff, int maxInFlight, Duration stopTimeout,
            int sendRetries, Backoff sendBackoff, Ticker ticker) {

        /** Settings on the system's time. */
        public Settings(Duration idleTimeout, Backoff backoff, int maxInFlight, Duration stopTimeout,
                int sendRetries, Backoff sendBackoff) {
            this(idleTimeout, backoff, maxInFlight, stopTimeout, sendRetries, sendBackoff, Ticker.SYSTEM);
        }

        /** Settings whose refused posts are retried 3 times with the reconnect back-off. */
        public Settings(Duration idleTimeout, Backoff backoff, int maxInFlight, Duration stopTimeout) {
            this(idleTimeout, backoff, maxInFlight, stopTimeout, 3, backoff);
        }

        /** @return these settings on {@code other} time */
        public Settings on(Ticker other) {
            return new Settings(idleTimeout, backoff, maxInFlight, stopTimeout, sendRetries, sendBackoff, other);
        }

        /** The settings of a live source's properties, with 5,000 posts in flight and 10 s to stop. */
        public static Settings of(ConnectionProperties properties) {
            Duration firstRetry = properties.getSendRetryBackoff();
            return new Settings(properties.getIdleTimeout(),
                    new Backoff(properties.getBackoffInitial(), properties.getBackoffMax(), new Random()), 5_000,
                    Duration.ofSeconds(10), properties.getSendRetries(),
                    new Backoff(firstRetry, firstRetry.multipliedBy(16), new Random()));
        }
    }

    private final LiveProtocol protocol;

    private final Transport transport;

    private final Settings settings;

    private final PositionStore positions;

    private final ConnectorMetrics metrics;

    private volatile Run run;

    private volatile long lastAcknowledged = NO_POSITION;

    private volatile String lastSaveFailure;

    public LiveConnector(LiveProtocol protocol, Transport transport, Settings settings, PositionStore positions,
            MeterRegistry registry) {
        this.protocol = protocol;
        this.transport = transport;
        this.settings = settings;
        this.positions = positions;
        this.metrics = new ConnectorMetrics(protocol.name(), registry);
    }

    @Override
    public String name() {
        return protocol.name();
    }

    @Override
    public synchronized void start(PostSink sink) {
        if (run != null) {
            throw new IllegalStateException("the " + name() + " connector is running already");
        }
        run = new Run(sink);
        run.start();
    }

    @Override
    public void stop() {
        Run stopping;
        synchronized (this) {
            stopping = run;
            run = null;
        }
        if (stopping != null) {
            lastAcknowledged = stopping.stop();
            PostHandoff handoff = stopping.handoff;
            lastSaveFailure = handoff == null ? stopping.loadFailure : handoff.saveFailure();
        }
    }

    @Override
    public Status status() {
        Run current = run;
        if (current == null) {
            return Status.STOPPED;
        }
        PostHandoff handoff = current.handoff;
        String failure = handoff == null ? null : handoff.failure();
        return failure != null ? new Status(State.FAILED, failure) : current.status;
    }

    @Override
    public long acknowledgedUpTo() {
        Run current = run;
        if (current == null) {
            return lastAcknowledged;
        }
        PostHandoff handoff = current.handoff;
        return handoff == null ? NO_POSITION : handoff.acknowledgedUpTo();
    }

    @Override
    public Optional<PositionStatus> positionStatus() {
        if (positions == PositionStore.NONE) {
            return Optional.empty();
        }
        Run current = run;
        if (current == null) {
            return Optional.of(new PositionStatus(lastAcknowledged, lastAcknowledged, lastSaveFailure));
        }
        PostHandoff handoff = current.handoff;
        if (handoff == null) {
            return Optional.of(new PositionStatus(NO_POSITION, NO_POSITION, current.loadFailure));
        }
        return Optional.of(new PositionStatus(handoff.saved(), handoff.acknowledgedUpTo(), handoff.saveFailure()));
    }

    /** One start-to-stop of the connector: its thread, its timer and where its posts go. */
    private final class Run {

        private final PostSink sink;

        /** Where the posts go, once the position to resume after is loaded; {@code null} before. */
        private volatile PostHandoff handoff;

        /** Why loading the position failed, {@code null} while it has not. */
        private volatile String loadFailure;

        private final CountDownLatch stopped = new CountDownLatch(1);

        private final Thread reader;

        private final ScheduledExecutorService timer;

        private volatile Transport.Connection connection;

        /** When the reader began waiting for the server's next frame, on the ticker; NOT_WAITING while it is not. */
        private volatile long waitingSince = NOT_WAITING;

        /** Whether the current connection was closed for its silence. */
        private volatile boolean silent;

        private volatile Status status = new Status(State.STARTING, "connecting");

        private boolean delivered;

        Run(PostSink sink) {
            this.sink = sink;
            this.reader = new Thread(this::loop, "tagpulse-" + name());
            this.reader.setDaemon(true);
            this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tagpulse-" + name() + "-timer");
                thread.setDaemon(true);
                return thread;
            });
        }

        void start() {
            reader.start();
            long check = Math.max(100, settings.idleTimeout().toMillis() / 4);
            timer.scheduleWithFixedDelay(this::checkIdle, check, check, TimeUnit.MILLISECONDS);
            if (positions != PositionStore.NONE) {
                timer.scheduleWithFixedDelay(this::save, SAVE_INTERVAL.toMillis(), SAVE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        private boolean stopping() {
            return stopped.getCount() == 0;
        }

        private void loop() {
            try {
                connectUntilStopped();
            }
            catch (RuntimeException | Error ex) {
                status = new Status(State.FAILED, ex.toString());
                log.error("The {} connector stopped", name(), ex);
                throw ex;
            }
        }

        private void save() {
            PostHandoff current = handoff;
            if (current != null) {
                current.save();
            }
        }

        /**
         * Loads the position to resume after, trying again with back-off while the store cannot be read.
         *
         * @return whether it was loaded (else the connector is stopping)
         */
        private boolean loadPosition() throws InterruptedException {
            for (int failures = 0;; failures++) {
                try {
                    long resumeAfter = positions.load().orElse(NO_POSITION);
                    loadFailure = null;
                    handoff = new PostHandoff(name(), new RetryingSink(sink, settings.sendRetries(),
                            settings.sendBackoff(), timer, metrics::sendRetry), settings.maxInFlight(), resumeAfter,
                            positions, metrics);
                    if (resumeAfter != NO_POSITION) {
                        log.info("The {} connector resumes after position {}", name(), resumeAfter);
                    }
                    return true;
                }
                catch (RuntimeException ex) {
                    Duration delay = settings.backoff().delay(failures);
                    loadFailure = "could not read the saved position: " + ex;
                    status = new Status(State.RECONNECTING, loadFailure + "; next attempt in " + delay.toMillis()
                            + " ms");
                    log.warn("Could not read the saved {} position ({}); trying again in {} ms", name(),
                            ex.toString(), delay.toMillis());
                    if (settings.ticker().await(stopped, delay)) {
                        return false;
                    }
                }
            }
        }

        private void connectUntilStopped() {
            try {
                if (!loadPosition()) {
                    return;
                }
                protocol.prepare();
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (RuntimeException ex) {
                log.error("Preparing the {} stream failed: {}", name(), ex.getMessage(), ex);
            }
            int failures = 0;
            while (!stopping()) {
                String lost;
                Duration asked = null;
                try {
                    readOneConnection();
                    lost = silent ? "silent for longer than the idle timeout" : "closed by the server";
                }
                catch (Transport.Refused refused) {
                    lost = "answered HTTP " + refused.status();
                    asked = waitAskedBy(refused);
                }
                catch (IOException | UncheckedIOException ex) {
                    lost = silent ? "silent for longer than the idle timeout" : ex.toString();
                }
                catch (InterruptedException ex) {
                    break;
                }
                if (stopping()) {
                    break;
                }
                failures = delivered ? 0 : failures;
                Duration delay = asked != null ? asked : settings.backoff().delay(failures);
                failures++;
                metrics.reconnect();
                status = new Status(State.RECONNECTING, lost + "; next attempt in " + delay.toMillis() + " ms");
                long resumeAfter = handoff.acknowledgedUpTo();
                log.warn("{} connection lost ({}); reconnecting in {} ms{}", name(), lost, delay.toMillis(),
                        resumeAfter == NO_POSITION ? "" : " after position " + resumeAfter);
                try {
                    if (settings.ticker().await(stopped, delay)) {
                        break;
                    }
                }
                catch (InterruptedException ex) {
                    break;
                }
            }
        }

        /** Reads one connection until it ends; {@code delivered} tells whether it carried any frame. */
        private void readOneConnection() throws IOException, InterruptedException {
            delivered = false;
            silent = false;
            Transport.Request request = protocol.request(handoff.acknowledgedUpTo());
            log.info("Connecting to {} at {}", name(), request.uri());
            Duration answerTimeout = settings.idleTimeout().compareTo(ANSWER_TIMEOUT) > 0 ? settings.idleTimeout()
                    : ANSWER_TIMEOUT;
            Transport.Connection opened = transport.open(request, answerTimeout);
            connection = opened;
            try {
                if (stopping()) {
                    return;
                }
                metrics.connected(true);
                status = new Status(State.RUNNING, "connected to " + request.uri());
                log.info("Connected to {}", name());
                LiveProtocol.FrameReader frames = protocol.newReader();
                frames.opened(handoff.acknowledgedUpTo(), handoff);
                while (true) {
                    handoff.holdIfHalted();
                    waitingSince = settings.ticker().nanoTime();
                    String frame = opened.next();
                    waitingSince = NOT_WAITING;
                    if (frame == null) {
                        return;
                    }
                    delivered = true;
                    try {
                        frames.read(frame, handoff);
                    }
                    catch (RuntimeException ex) { // a reader's bug: the frame is lost, not the connection
                        log.error("Reading a {} frame failed", name(), ex);
                        handoff.malformed(ex.toString());
                    }
                }
            }
            finally {
                waitingSince = NOT_WAITING;
                connection = null;
                opened.close();
                metrics.connected(false);
            }
        }

        /** @return how long a refusal asks to wait, or {@code null} for the back-off */
        private Duration waitAskedBy(Transport.Refused refused) {
            int code = refused.status();
            if (code == 401 || code == 403) {
                log.error("{} refused the credentials (HTTP {}): {}; retrying in {} s", name(), code,
                        protocol.credentialsHint(), AUTH_RETRY.toSeconds());
                return AUTH_RETRY;
            }
            if (code == 429) {
                Duration asked = RetryAfter.of(refused.headers(), Instant.now()).orElse(null);
                log.warn("{} rate-limits this client (HTTP 429); waiting {}", name(),
                        asked == null ? "with back-off" : asked.toMillis() + " ms as asked");
                return asked;
            }
            return null;
        }

        private void checkIdle() {
            long since = waitingSince;
            Transport.Connection current = connection;
            long silentNanos = settings.ticker().nanoTime() - since;
            if (since != NOT_WAITING && current != null && silentNanos > settings.idleTimeout().toNanos()) {
                silent = true;
                log.warn("{} sent nothing, not even a heartbeat, for {} ms; reconnecting", name(),
                        silentNanos / 1_000_000);
                current.close();
            }
        }

        /** @return the position acknowledged at the end */
        long stop() {
            stopped.countDown();
            Transport.Connection open = connection;
            if (open != null) {
                open.close();
            }
            PostHandoff current = handoff;
            if (current != null) {
                current.release();
            }
            reader.interrupt();
            try {
                reader.join(settings.stopTimeout().toMillis());
                current = handoff;
                if (current != null) {
                    current.release();
                    current.drain(settings.stopTimeout());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            timer.shutdownNow();
            metrics.connected(false);
            status = Status.STOPPED;
            if (current == null) {
                return NO_POSITION;
            }
            current.save();
            return current.acknowledgedUpTo();
        }
    }
}
