package io.tagpulse.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Mastodon instance's public streaming timeline ({@code GET /api/v1/streaming/public}): server-sent
 * {@code update} events, one status every {@code periodMillis}, each with one hashtag, and a {@code :thump} heartbeat
 * between them, until the client goes away. So the source's Mastodon connector runs connected, with posts, where no
 * real instance can be reached.
 */
final class MastodonStreamServer implements AutoCloseable {

    private final HttpServer server;

    private final ExecutorService streams = Executors.newCachedThreadPool();

    private final AtomicLong statuses = new AtomicLong();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final long periodMillis;

    private MastodonStreamServer(HttpServer server, long periodMillis) {
        this.server = server;
        this.periodMillis = periodMillis;
    }

    /** Starts the server on a free port of the loopback interface. */
    static MastodonStreamServer start(long periodMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        MastodonStreamServer mastodon = new MastodonStreamServer(server, periodMillis);
        server.createContext("/api/v1/streaming/public", mastodon::stream);
        server.setExecutor(mastodon.streams);
        server.start();
        return mastodon;
    }

    /** @return the instance's URL, for {@code tagpulse.source.mastodon.instance} */
    String instanceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return how many statuses the server has sent */
    long sent() {
        return statuses.get();
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (!Thread.currentThread().isInterrupted()) {
                long n = statuses.incrementAndGet();
                String status = """
                    {"id":"%d","uri":"http://127.0.0.1/statuses/%d","created_at":"%s","language":"en",\
                    "account":{"acct":"user%d"},"content":"<p>live #mastodonlive%d</p>",\
                    "tags":[{"name":"mastodonlive%d"}]}""".formatted(n, n, Instant.now(), n % 50, n % 5, n % 5);
                out.write((":thump\n\nevent: update\ndata: " + status + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(periodMillis);
            }
        }
        catch (IOException clientGone) {
            // The connector closed the stream (stopped or reconnecting): nothing more to send on this one.
        }
        catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving and ends every open stream, as an instance going away would; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            streams.shutdownNow();
        }
    }
}
