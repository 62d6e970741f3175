package io.tagpulse.source.jetstream;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local WebSocket server on a free port speaking Jetstream's side: it records each connection's request and hands
 * the connection to the subclass with the cursor it asks for; the client's messages are ignored.
 */
abstract class JetstreamServer extends WebSocketServer {

    /** Each connection's request (path and query), in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    volatile boolean started;

    JetstreamServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
    }

    /**
     * Sends what the connection asked for.
     *
     * @param request the connection's number, from 1
     * @param cursor the {@code ?cursor=} asked for ({@code time_us}, replayed inclusive), {@link Long#MIN_VALUE} for
     *     none
     */
    abstract void serve(WebSocket conn, int request, long cursor);

    @Override
    public final void onOpen(WebSocket conn, ClientHandshake handshake) {
        String request = handshake.getResourceDescriptor();
        requests.add(request);
        serve(conn, requests.size(), request.contains("cursor=")
                ? Long.parseLong(request.replaceAll(".*cursor=(\\d+).*", "$1")) : Long.MIN_VALUE);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started = true;
    }
}
