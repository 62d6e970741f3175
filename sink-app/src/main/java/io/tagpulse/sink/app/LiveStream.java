package io.tagpulse.sink.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.sink.CountCoalescer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of {@code /api/stream}. The store publishes each count and ranking it committed as an
 * application event; this gathers them and, once per interval, sends every client one {@code counts} event (the
 * latest count of each changed tag window, most mentions first, capped) and, when a ranking was stored, one {@code
 * trending} event (the latest complete ranking, as {@code /api/trending} answers it). A heartbeat comment keeps idle
 * connections open through proxies.
 */
class LiveStream implements DisposableBean {

    private static final Log logger = LogFactory.getLog(LiveStream.class);

    private static final int HEARTBEAT_EVERY = 15;

    private final CountCoalescer counts;

    private final Supplier<TrendingAnswer> trending;

    private final SinkProperties.Api settings;

    private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();

    private final AtomicBoolean trendingChanged = new AtomicBoolean();

    private final ScheduledExecutorService flusher;

    private int idleFlushes;

    /**
     * @param counts where the stored counts gather between updates
     * @param trending the current answer of {@code /api/trending}
     */
    LiveStream(CountCoalescer counts, Supplier<TrendingAnswer> trending, SinkProperties.Api settings) {
        this.counts = counts;
        this.trending = trending;
        this.settings = settings;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-stream");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.getStreamInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flushSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Thrown when the stream has as many clients as it may have. */
    static class TooManyClientsException extends RuntimeException {

        TooManyClientsException(int max) {
            super("the live stream has its maximum of " + max + " clients, try again later");
        }
    }

    @EventListener
    void onCount(HashtagCount count) {
        counts.add(count);
    }

    @EventListener
    void onTrending(TrendingTags trending) {
        trendingChanged.set(true);
    }

    /** @return a new client's stream, which first receives a {@code ready} event with the update interval */
    SseEmitter subscribe() {
        if (clients.size() >= settings.getStreamMaxClients()) {
            throw new TooManyClientsException(settings.getStreamMaxClients());
        }
        SseEmitter emitter = new SseEmitter(settings.getStreamTimeout().toMillis());
        emitter.onCompletion(() -> clients.remove(emitter));
        emitter.onTimeout(() -> {
            clients.remove(emitter);
            emitter.complete();
        });
        emitter.onError(error -> clients.remove(emitter));
        clients.add(emitter);
        send(emitter, SseEmitter.event().name("ready")
            .reconnectTime(1000)
            .data(Map.of("intervalMillis", settings.getStreamInterval().toMillis()), MediaType.APPLICATION_JSON));
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

    /** Sends what was stored since the last flush to every client (and drops it when there are none). */
    void flush() {
        CountCoalescer.Update update = counts.drain(settings.getStreamMaxUpdates());
        boolean rankingStored = trendingChanged.getAndSet(false);
        if (clients.isEmpty()) {
            return;
        }
        boolean sent = false;
        if (!update.isEmpty()) {
            broadcast(() -> SseEmitter.event().name("counts").data(update, MediaType.APPLICATION_JSON));
            sent = true;
        }
        if (rankingStored) {
            TrendingAnswer answer = trending.get();
            broadcast(() -> SseEmitter.event().name("trending").data(answer, MediaType.APPLICATION_JSON));
            sent = true;
        }
        if (sent) {
            idleFlushes = 0;
        }
        else if (++idleFlushes * settings.getStreamInterval().toMillis() >= Duration.ofSeconds(HEARTBEAT_EVERY)
            .toMillis()) {
            idleFlushes = 0;
            broadcast(() -> SseEmitter.event().comment("keep-alive"));
        }
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
