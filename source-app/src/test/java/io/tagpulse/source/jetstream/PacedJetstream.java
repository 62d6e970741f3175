package io.tagpulse.source.jetstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.java_websocket.WebSocket;

import static io.tagpulse.source.jetstream.JetstreamApps.timeOf;

/**
 * Jetstream's behaviour that matters to the real-broker tests, with a pace: replays from {@code ?cursor=} (inclusive)
 * a known sequence ({@link JetstreamApps#events}), one post every {@code pauseMillis} on the first connection (on
 * every connection when {@code pacedAlways}), at once on the others; each connection sent from a thread of its own
 * that ends when the client is gone or the sequence is at its {@link #limit}. It records every request, when each
 * connection opened, and the most connections it had open at once.
 */
final class PacedJetstream extends JetstreamServer {

    /** When each connection opened, {@link System#nanoTime()}, in order. */
    final List<Long> openedAt = new CopyOnWriteArrayList<>();

    /** The highest post (from 1) a paced connection has sent. */
    volatile int sent;

    /** Posts beyond this one (from 1) are not sent; lower it to end the sequence there. */
    volatile int limit;

    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger maxOpen = new AtomicInteger();

    private final List<String> events;

    private final long pauseMillis;

    private final boolean pacedAlways;

    PacedJetstream(List<String> events, long pauseMillis, boolean pacedAlways) {
        this.events = events;
        this.pauseMillis = pauseMillis;
        this.pacedAlways = pacedAlways;
        this.limit = events.size();
    }

    /** @return the most connections the server had open at once */
    int maxOpen() {
        return maxOpen.get();
    }

    /** @return the connections open now */
    int open() {
        return open.get();
    }

    @Override
    void serve(WebSocket conn, int request, long cursor) {
        openedAt.add(System.nanoTime());
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        boolean paced = pacedAlways || request == 1;
        Thread sender = new Thread(() -> {
            for (int i = 0; i < Math.min(events.size(), limit) && conn.isOpen(); i++) {
                if (timeOf(i + 1) < cursor) {
                    continue;
                }
                try {
                    conn.send(events.get(i));
                    if (paced) {
                        sent = Math.max(sent, i + 1);
                        Thread.sleep(pauseMillis);
                    }
                }
                catch (RuntimeException | InterruptedException gone) {
                    return;
                }
            }
        }, "paced-jetstream-" + request);
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        open.decrementAndGet();
    }
}
