package io.tagpulse.dashboard.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.dashboard.CountCoalescer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events of {@code /api/stream}, fed by the counter's topics, which every replica follows itself (all
 * partitions): this gathers the counts read and, once per interval, sends every client one {@code counts} event (the
 * latest count of each changed tag window, most mentions first, capped). When a ranking was read, it sends one {@code
 * trending} event with the latest complete ranking as {@code /api/trending} answers it from the database, as soon as
 * that answer changes: the sink stores the ranking at about the time the dashboard reads it, so the answer is looked
 * up at each interval for {@value #TRENDING_LOOK_UPS_SECONDS} seconds after a ranking was read. A heartbeat comment
 * keeps idle connections open through proxies.
 */
class LiveStream implements DisposableBean {

    private static final Log logger = LogFactory.getLog(LiveStream.class);

    private static final int HEARTBEAT_EVERY = 15;

    /** How long after a ranking was read its answer is looked for in the database (the sink stores it meanwhile). */
    static final int TRENDING_LOOK_UPS_SECONDS = 10;

    private final CountCoalescer counts;

    private final Supplier<TrendingAnswer> trending;

    private final DashboardProperties.Api settings;

    private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();

    /** How many more flushes look the trending answer up, because a ranking was read. */
    private final AtomicInteger trendingLookUps = new AtomicInteger();

    /** The trending answer last sent; the next is sent only when it differs. Only the flusher thread uses it. */
    private TrendingAnswer lastTrending;

    private final ScheduledExecutorService flusher;

    private int idleFlushes;

    /**
     * @param counts where the counts read gather between updates
     * @param trending the current answer of {@code /api/trending}
     */
    LiveStream(CountCoalescer counts, Supplier<TrendingAnswer> trending, DashboardProperties.Api settings) {
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

    /** Gathers counts read from the counts topic for the next update. */
    void countsRead(List<HashtagCount> read) {
        read.forEach(counts::add);
    }

    /** Notes that a ranking was read from the trending topic: the next updates look for a new trending answer. */
    void rankingRead() {
        long interval = settings.getStreamInterval().toMillis();
        trendingLookUps.set((int) Math.max(1, Duration.ofSeconds(TRENDING_LOOK_UPS_SECONDS).toMillis() / interval));
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

    /** Sends what was read since the last flush to every client (and drops it when there are none). */
    void flush() {
        CountCoalescer.Update update = counts.drain(settings.getStreamMaxUpdates());
        if (clients.isEmpty()) {
            trendingLookUps.set(0);
            lastTrending = null;
            return;
        }
        boolean sent = false;
        if (!update.isEmpty()) {
            broadcast(() -> SseEmitter.event().name("counts").data(update, MediaType.APPLICATION_JSON));
            sent = true;
        }
        if (trendingLookUps.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            TrendingAnswer answer = trending.get();
            if (!answer.equals(lastTrending)) {
                lastTrending = answer;
                broadcast(() -> SseEmitter.event().name("trending").data(answer, MediaType.APPLICATION_JSON));
                sent = true;
            }
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
