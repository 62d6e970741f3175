package io.tagpulse.source.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server for the live sources' tests: it answers each path as the test says, records every request
 * (as {@code describe} puts it) and when it came, and can hold a stream open until it is closed.
 */
public final class StreamServer implements AutoCloseable {

    /** How the server answers one request; {@code request} counts the requests to that path from 1. */
    public interface Answer {
        void answer(HttpExchange exchange, int request) throws IOException;
    }

    private final HttpServer server;

    private final Function<HttpExchange, String> describe;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final List<Long> requestMillis = new CopyOnWriteArrayList<>();

    private final CountDownLatch release = new CountDownLatch(1);

    private StreamServer(Function<HttpExchange, String> describe) throws IOException {
        this.describe = describe;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
    }

    /** A server that records each request as its URI, not yet started. */
    public static StreamServer create() throws IOException {
        return create(exchange -> exchange.getRequestURI().toString());
    }

    /** A server that records each request as {@code describe} says, not yet started. */
    public static StreamServer create(Function<HttpExchange, String> describe) throws IOException {
        return new StreamServer(describe);
    }

    /** Answers requests to {@code path} (and below it) with {@code answer}, recording each. */
    public StreamServer on(String path, Answer answer) {
        List<String> own = new CopyOnWriteArrayList<>();
        server.createContext(path, exchange -> {
            String request = describe.apply(exchange);
            own.add(request);
            requestMillis.add(System.nanoTime() / 1_000_000);
            requests.add(request);
            answer.answer(exchange, own.size());
        });
        return this;
    }

    public StreamServer start() {
        server.start();
        return this;
    }

    /** @return the server's address with {@code path} */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** @return every request so far, as described, in order */
    public List<String> requests() {
        return requests;
    }

    /** @return milliseconds between request {@code request} (from 0) and the one before it */
    public long gapBefore(int request) {
        return requestMillis.get(request) - requestMillis.get(request - 1);
    }

    /** Starts a 200 response of unknown length and returns its body. */
    public static OutputStream openStream(HttpExchange exchange, String contentType) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Answers with {@code status} and no body, with {@code header: value} unless the header is {@code null}. */
    public static void refuse(HttpExchange exchange, int status, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** @return an answer that refuses the first request as {@link #refuse} does and answers the others with then */
    public static Answer refusingFirst(int status, String header, String value, Answer then) {
        return (exchange, request) -> {
            if (request == 1) {
                refuse(exchange, status, header, value);
                return;
            }
            then.answer(exchange, request);
        };
    }

    public static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Keeps a stream open until the server is closed (or 30 s), then ends it. */
    public void holdOpen(OutputStream out) throws IOException {
        try {
            release.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
