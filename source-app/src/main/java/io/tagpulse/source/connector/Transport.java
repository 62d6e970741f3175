package io.tagpulse.source.connector;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the frames of a live stream arrive: the messages of a WebSocket ({@link WebSocketTransport}) or the lines of a
 * long-lived HTTP response ({@link HttpLinesTransport}). Frames are read one at a time, each only when asked for, so
 * a reader that stops asking stops the reading.
 */
public interface Transport {

    /**
     * Opens a connection, waiting at most {@code answerTimeout} for the server's answer.
     *
     * @throws Refused when the server answers with another status than success
     */
    Connection open(Request request, Duration answerTimeout) throws IOException, InterruptedException;

    /** What to connect to: the URL and the request headers (authorization included). */
    record Request(URI uri, Map<String, String> headers) {
    }

    /** One open connection, read by one thread. */
    interface Connection {

        /** @return the next frame once it has arrived, {@code null} when the stream has ended */
        String next() throws IOException, InterruptedException;

        /** Ends the connection; safe from any thread and more than once; a {@link #next} waiting returns or throws. */
        void close();
    }

    /** The server answered the connection with another status than success (for a WebSocket, its handshake). */
    final class Refused extends IOException {

        private final int status;

        private final transient Map<String, List<String>> headers;

        public Refused(int status, Map<String, List<String>> headers) {
            super("answered HTTP " + status);
            this.status = status;
            this.headers = headers;
        }

        public int status() {
            return status;
        }

        public Map<String, List<String>> headers() {
            return headers;
        }
    }
}
