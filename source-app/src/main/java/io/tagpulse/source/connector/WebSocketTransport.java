package io.tagpulse.source.connector;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket whose text messages are the frames. Each message is asked for (WebSocket demand) only when the reader
 * wants the next one, so a reader that stops asking stops the reading; binary messages are ignored.
 */
public final class WebSocketTransport implements Transport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Connection open(Request request, Duration answerTimeout) throws IOException, InterruptedException {
        Messages messages = new Messages();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(answerTimeout);
        request.headers().forEach(builder::header);
        CompletableFuture<WebSocket> opening = builder.buildAsync(request.uri(), messages);
        try {
            messages.socket = opening.get(answerTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            return messages;
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new Refused(handshake.getResponse().statusCode(), handshake.getResponse().headers().map());
            }
            throw ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
        }
        catch (TimeoutException | InterruptedException ex) {
            opening.thenAccept(WebSocket::abort);
            if (ex instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IOException("no WebSocket handshake within " + answerTimeout.toMillis() + " ms");
        }
    }

    /** The listener, turned into a connection that is read one message at a time. */
    private static final class Messages implements WebSocket.Listener, Connection {

        private static final Object END = new Object();

        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();

        private final StringBuilder partial = new StringBuilder();

        private volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket; // no demand yet: next() asks for each message
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                arrived.add(partial.toString());
                partial.setLength(0);
            }
            else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            arrived.add(new IOException("closed by the server: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            arrived.add(error);
        }

        @Override
        public String next() throws IOException, InterruptedException {
            if (arrived.isEmpty()) {
                socket.request(1);
            }
            Object message = arrived.take();
            if (message == END) {
                arrived.add(END);
                return null;
            }
            if (message instanceof Throwable error) {
                arrived.add(END);
                throw error instanceof IOException io ? io : new IOException(error);
            }
            return (String) message;
        }

        @Override
        public void close() {
            WebSocket current = socket;
            if (current != null) {
                current.abort();
            }
            arrived.add(END);
        }
    }
}
