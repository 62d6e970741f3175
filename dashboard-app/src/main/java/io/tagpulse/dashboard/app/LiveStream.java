package io.tagpulse.dashboard.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.CountCoalescer;
import io.tagpulse.dashboard.ModerationState;
import io.tagpulse.dashboard.TrendCoalescer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of {@code /api/stream}, fed by the counter's topics, which every replica follows itself (all
 * partitions): this gathers the counts and trend records read and, once per interval, sends every client one {@code
 * counts} event (the latest count of each changed tag window, most mentions first, capped) and one {@code trend}
 * event per trend whose record was read (its latest record, as the counter wrote it: a {@code TrendUpdate}; ended
 * ones first, then by score, capped). A trend of a tag hidden or blocked now is not sent unless its record ends it
 * (the counter ends such trends; a page drops ended ones). A heartbeat comment keeps idle connections open through
 * proxies.
 */
class LiveStream implements DisposableBean {

    private static final Log logger = LogFactory.getLog(LiveStream.class);

    private static final int HEARTBEAT_EVERY = 15;

    private final CountCoalescer counts;

    private final TrendCoalescer trends;

    private final Supplier<ModerationState> moderation;

    private final DashboardProperties.Api settings;

    private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();

    private final ScheduledExecutorService flusher;

    private int idleFlushes;

    /**
     * @param counts where the counts read gather between updates
     * @param trends where the trend records read gather between updates
     * @param moderation what may trend now (read from the database when trend records are to be sent)
     */
    LiveStream(CountCoalescer counts, TrendCoalescer trends, Supplier<ModerationState> moderation,
            DashboardProperties.Api settings) {
        this.counts = counts;
        this.trends = trends;
        this.moderation = moderation;
        this.settings = settings;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-stream");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.streamInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flushSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Thrown when the stream has as many clients as it may have. */
    static class TooManyClientsException extends RuntimeException {

        TooManyClientsException(int max) {
            super("the live stream has its maximum of " + max + " clients, try again later");
        }
    }

    /** Gathers counts read from the counts topic for the next update. */
    void countsRead(List<HashtagCount> read) {
        read.forEach(counts::add);
    }

    /** Gathers a trend record read from the trends topic for the next update. */
    void trendRead(TrendUpdate trend) {
        trends.add(trend);
    }

    /** @return a new client's stream, which first receives a {@code ready} event with the update interval */
    SseEmitter subscribe() {
        if (clients.size() >= settings.streamMaxClients()) {
            throw new TooManyClientsException(settings.streamMaxClients());
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        emitter.onCompletion(() -> clients.remove(emitter));
        emitter.onTimeout(() -> {
            clients.remove(emitter);
            emitter.complete();
        });
        emitter.onError(error -> clients.remove(emitter));
        clients.add(emitter);
        send(emitter, SseEmitter.event().name("ready")
            .reconnectTime(1000)
            .data(Map.of("intervalMillis", settings.streamInterval().toMillis()), MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** @return how many clients are connected */
    int clients() {
        return clients.size();
    }

    private void flushSafely() {
        try {
            flush();
        }
        catch (RuntimeException ex) {
            logger.warn("Live update failed, trying again at the next interval: " + ex.getMessage());
        }
    }

    /** Sends what was read since the last flush to every client (and drops it when there are none). */
    void flush() {
        CountCoalescer.Update update = counts.drain(settings.streamMaxUpdates());
        List<TrendUpdate> changed = trends.drain(settings.streamMaxUpdates());
        if (clients.isEmpty()) {
            return;
        }
        boolean sent = false;
        if (!update.isEmpty()) {
            broadcast(() -> SseEmitter.event().name("counts").data(update, MediaType.APPLICATION_JSON));
            sent = true;
        }
        for (TrendUpdate trend : shown(changed)) {
            broadcast(() -> SseEmitter.event().name("trend").data(trend, MediaType.APPLICATION_JSON));
            sent = true;
        }
        if (sent) {
            idleFlushes = 0;
        }
        else if (++idleFlushes * settings.streamInterval().toMillis() >= Duration.ofSeconds(HEARTBEAT_EVERY)
            .toMillis()) {
            idleFlushes = 0;
            broadcast(() -> SseEmitter.event().comment("keep-alive"));
        }
    }

    /** @return the records a page may show: every ended one, the others only of tags neither hidden nor blocked */
    private List<TrendUpdate> shown(List<TrendUpdate> changed) {
        if (changed.stream().allMatch(TrendUpdate::ended)) {
            return changed;
        }
        ModerationState state;
        try {
            state = moderation.get();
        }
        catch (RuntimeException unreadable) {
            // Without the decisions nothing but the ends is sure to be showable; the page's refresh brings the rest.
            logger.debug("Moderation state unreadable, sending ended trends only: " + unreadable.getMessage());
            return changed.stream().filter(TrendUpdate::ended).toList();
        }
        return changed.stream().filter(trend -> trend.ended() || state.allows(trend.tag())).toList();
    }

    private void broadcast(Supplier<SseEmitter.SseEventBuilder> event) {
        for (SseEmitter client : clients) {
            send(client, event.get());
        }
    }

    private void send(SseEmitter client, SseEmitter.SseEventBuilder event) {
        try {
            client.send(event);
        }
        catch (IOException | IllegalStateException ex) {
            // The client went away: forget it (the container completes the request).
            clients.remove(client);
            logger.debug("Live-stream client gone: " + ex.getMessage());
        }
    }

    @Override
    public void destroy() {
        flusher.shutdownNow();
        clients.forEach(SseEmitter::complete);
        clients.clear();
    }
}
