package io.tagpulse.sink.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.sink.AlertRetryPolicy;
import io.tagpulse.sink.AlertRetryPolicy.Attempt;
import io.tagpulse.sink.AlertRetryPolicy.Decision;
import io.tagpulse.sink.ModerationRepository;
import io.tagpulse.sink.TrendAlertMessage;
import io.tagpulse.sink.TrendAlertRepository;
import io.tagpulse.sink.TrendRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Announces each trend's start to the webhook, at most once per trend id across restarts and replicas.
 * <p>
 * The alerts consumer calls {@link #onTrend} for every trend record, on its own consumer group, so it never holds up
 * storing. For a trend id without an alert row, it decides on that first record: a trend that is ENDED or moderated,
 * or whose tag the current moderation state blocks or hides, is recorded {@code SKIPPED} with the reason and never
 * announced; any other is claimed {@code PENDING} in {@code trend_alerts}. Only then is the delivery handed to a small
 * pool of sender threads: the consumer thread does a few indexed queries per record and never waits for a receiver,
 * so a slow or dead receiver cannot stall its poll loop. Retries wait on the pool's scheduler (the
 * {@link AlertRetryPolicy}), never in a sleeping thread.
 * <p>
 * Each attempt first moves the row on (attempts + 1, busy until twice the request timeout) with a compare-and-set on
 * the attempts, so two sinks never make the same attempt. A pending alert whose next attempt is overdue by more than
 * the resume interval has no live sender (its sink stopped, or had {@code max-in-flight} alerts already) and is
 * resumed by {@link #resume()} with the trend as stored then.
 */
class TrendAlerts implements DisposableBean {

    private static final Log logger = LogFactory.getLog(TrendAlerts.class);

    /** How many trend ids decided lately are remembered, to spare the database a look-up per record. */
    private static final int REMEMBERED = 10_000;

    private static final int MAX_ERROR_BODY = 300;

    private final SinkProperties.Alerts settings;

    private final AlertRetryPolicy policy;

    private final TrendAlertRepository alerts;

    private final TrendRepository trends;

    private final ModerationRepository moderation;

    private final Clock clock;

    private final HttpClient http;

    private final URI webhook;

    private final ScheduledThreadPoolExecutor senders;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final Set<String> decided = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    private final Counter sent;

    private final Counter failed;

    private final Counter retried;

    private final Counter skipped;

    TrendAlerts(SinkProperties.Alerts settings, TrendAlertRepository alerts, TrendRepository trends,
            ModerationRepository moderation, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.policy = settings.toRetryPolicy();
        this.alerts = alerts;
        this.trends = trends;
        this.moderation = moderation;
        this.clock = clock;
        this.webhook = settings.enabled() ? URI.create(settings.webhookUrl().strip()) : null;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        AtomicInteger threads = new AtomicInteger();
        this.senders = new ScheduledThreadPoolExecutor(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "trend-alert-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.senders.setRemoveOnCancelPolicy(true);
        this.sent = registry.counter(SinkApplication.ALERTS_METRIC, "outcome", "sent");
        this.failed = registry.counter(SinkApplication.ALERTS_METRIC, "outcome", "failed");
        this.retried = registry.counter(SinkApplication.ALERTS_METRIC, "outcome", "retried");
        this.skipped = registry.counter(SinkApplication.ALERTS_METRIC, "outcome", "skipped");
    }

    /** @return whether a webhook is set */
    boolean enabled() {
        return webhook != null;
    }

    /** Decides on a trend record: announce its trend (claimed, then sent in the background), skip it, or nothing. */
    void onTrend(TrendUpdate trend) {
        String id = trend.trendId();
        if (!enabled() || decided.contains(id)) {
            return;
        }
        if (alerts.find(id).isPresent()) {
            decided.add(id);
            return;
        }
        Optional<String> exclusion = trend.ended() ? Optional.of("its first record was ENDED")
                : trend.moderated() ? Optional.of("it was moderated") : moderation.exclusion(trend.tag());
        Instant now = clock.instant();
        if (exclusion.isPresent()) {
            alerts.skip(id, "not announced: " + exclusion.get(), now);
            skipped.increment();
            logger.info("Not announcing trend " + id + ": " + exclusion.get());
        }
        else if (alerts.claim(id, now)) {
            submit(new Task(trend, 0, now));
        }
        decided.add(id);
    }

    /** Resumes the pending alerts that no sender is working on (run every resume interval). */
    void resume() {
        if (!enabled()) {
            return;
        }
        Instant now = clock.instant();
        for (TrendAlertRepository.Alert alert : alerts.overdue(now.minus(settings.resumeInterval()),
                settings.maxInFlight())) {
            if (inFlight.contains(alert.trendId())) {
                continue;
            }
            if (Duration.between(alert.createdAt(), now).compareTo(settings.maxTotalTime()) > 0) {
                alerts.failed(alert.trendId(), alert.attempts(), "not sent within max-total-time "
                        + settings.maxTotalTime() + " (no sink was sending it)");
                failed.increment();
                continue;
            }
            Optional<TrendUpdate> trend = trends.find(alert.trendId());
            if (trend.isPresent()) {
                logger.info("Resuming the alert of trend " + alert.trendId() + " after " + alert.attempts()
                        + " attempts");
                submit(new Task(trend.get(), alert.attempts(), alert.createdAt()));
            }
        }
    }

    private void submit(Task task) {
        String id = task.trend().trendId();
        if (inFlight.size() >= settings.maxInFlight()) {
            logger.warn("Alert of trend " + id + " waits in the database: " + inFlight.size()
                    + " alerts are in flight (max-in-flight); a resume run sends it");
            return;
        }
        if (inFlight.add(id)) {
            senders.execute(() -> attempt(task));
        }
    }

    private void attempt(Task task) {
        String id = task.trend().trendId();
        try {
            Instant start = clock.instant();
            if (!alerts.startAttempt(id, task.attempts(), start.plus(settings.requestTimeout().multipliedBy(2)))) {
                inFlight.remove(id);
                return;
            }
            int attempt = task.attempts() + 1;
            Attempt result = send(task.trend());
            Instant end = clock.instant();
            Decision decision = policy.decide(attempt, result, Duration.between(task.claimedAt(), end), end,
                    () -> ThreadLocalRandom.current().nextDouble());
            switch (decision.verdict()) {
                case SENT -> {
                    alerts.sent(id, attempt, end);
                    sent.increment();
                    inFlight.remove(id);
                    logger.info("Announced trend " + id + " (attempt " + attempt + ")");
                }
                case FAILED -> {
                    alerts.failed(id, attempt, decision.reason());
                    failed.increment();
                    inFlight.remove(id);
                    logger.warn("Could not announce trend " + id + ": " + decision.reason());
                }
                case RETRY -> {
                    alerts.retryLater(id, attempt, decision.reason(), end.plus(decision.delay()));
                    retried.increment();
                    logger.info("Announcing trend " + id + " failed (attempt " + attempt + ", " + decision.reason()
                            + "); retrying in " + decision.delay());
                    senders.schedule(() -> attempt(new Task(task.trend(), attempt, task.claimedAt())),
                            decision.delay().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        catch (RuntimeException ex) {
            // The database failed (or the sender is shutting down): the row stays PENDING and a resume run takes it.
            inFlight.remove(id);
            logger.warn("Alert of trend " + id + " stays pending, a resume run retries it: " + ex.getMessage());
        }
    }

    private Attempt send(TrendUpdate trend) {
        byte[] body = TrendAlertMessage.body(trend, settings.dashboardUrl());
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "tagpulse-sink")
            .header(TrendAlertMessage.IDEMPOTENCY_KEY, trend.trendId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.secret().isEmpty()) {
            request.header(TrendAlertMessage.SIGNATURE, TrendAlertMessage.signature(settings.secret(), body));
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String error = null;
            try (InputStream answer = response.body()) {
                if (response.statusCode() >= 300) {
                    error = new String(answer.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
                }
            }
            return new Attempt(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    error == null || error.isEmpty() ? null : error);
        }
        catch (HttpTimeoutException ex) {
            return Attempt.noAnswer("no answer within " + settings.requestTimeout());
        }
        catch (IOException ex) {
            return Attempt.noAnswer("no answer: " + ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", ex);
        }
    }

    /** Stops sending: alerts in flight stay PENDING in the database and are resumed by the next sink. */
    @Override
    public void destroy() {
        senders.shutdownNow();
    }

    private record Task(TrendUpdate trend, int attempts, Instant claimedAt) {
    }
}
