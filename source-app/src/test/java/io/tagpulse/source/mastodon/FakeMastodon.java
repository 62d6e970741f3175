package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import io.tagpulse.source.connector.StreamServer;

/**
 * What a Mastodon instance does that the source relies on, over a {@link StreamServer}: a known sequence of statuses
 * (ids {@link #idOf}), published as the test says; each stream connection sends, as server-sent {@code update}
 * events, the statuses published after it connected (a stream never replays); the REST timeline pages through the
 * published ones with {@code min_id} or {@code since_id} and {@code limit} (at most 40), newest first, with a
 * {@code Link} header, as Mastodon does. Tests route paths to {@link #stream} and {@link #timeline} themselves, so
 * that they can answer some requests otherwise (a 429, a 503, a redirect).
 */
final class FakeMastodon {

    /** The id of status 0; real ids are this large (a millisecond clock shifted by 16 bits). */
    static final long BASE = 113_500_000_000_000_000L;

    private static final Pattern PARAM = Pattern.compile("(?:^|&)(min_id|since_id|limit)=(\\d+)");

    private final List<String> statuses = new ArrayList<>();

    /** How many statuses are published; guarded by this. */
    private int published;

    /** Incremented to end every open stream; guarded by this. */
    private int generation;

    private boolean closed;

    /** How many stream connections were opened; guarded by this. */
    private int connections;

    /** @return how many stream connections were opened so far */
    synchronized int connections() {
        return connections;
    }

    /** A sequence of {@code count} statuses, none published yet; status {@code i} (from 1) tags #seq. */
    FakeMastodon(int count) {
        for (int i = 1; i <= count; i++) {
            statuses.add(MastodonParserTests.status(Long.toString(idOf(i)), "<p>status " + i + " #seq</p>", "seq")
                .replace("\n", ""));
        }
    }

    static long idOf(int index) {
        return BASE + index;
    }

    /** @return the post id (the status uri) of status {@code index} */
    static String uriOf(int index) {
        return "https://mastodon.example/users/anna/statuses/" + idOf(index);
    }

    /** @return the post ids of statuses {@code from} to {@code to}, inclusive, in order */
    static List<String> urisOf(int from, int to) {
        List<String> uris = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            uris.add(uriOf(i));
        }
        return uris;
    }

    /** Replaces status {@code index}'s JSON (to make it malformed). */
    synchronized void replace(int index, String json) {
        statuses.set(index - 1, json);
    }

    /** Publishes statuses up to {@code index} (from 1): open streams send them. */
    synchronized void publishUpTo(int index) {
        published = Math.max(published, Math.min(index, statuses.size()));
        notifyAll();
    }

    synchronized int published() {
        return published;
    }

    /**
     * Ends every open stream (after half a frame, when {@code midFrame}) and publishes statuses up to {@code index} in
     * the same instant: no stream sends those, only the REST timeline has them.
     */
    synchronized void dropStreamsAndPublishUpTo(int index, boolean midFrame) {
        generation++;
        midFrameDrop = midFrame;
        published = Math.max(published, Math.min(index, statuses.size()));
        notifyAll();
    }

    /** Whether the last drop ended the streams after half a frame; guarded by this. */
    private boolean midFrameDrop;

    private synchronized boolean midFrameDrop() {
        return midFrameDrop;
    }

    /** Answers a stream request: the statuses published from now on, until the stream is dropped or closed. */
    void stream(HttpExchange exchange) throws IOException {
        OutputStream out = StreamServer.openStream(exchange, "text/event-stream");
        int next;
        int connected;
        synchronized (this) {
            next = published;
            connected = generation;
            connections++;
            notifyAll();
        }
        try (out) {
            StreamServer.send(out, ":thump\n\n");
            while (true) {
                int upTo;
                synchronized (this) {
                    while (published == next && generation == connected && !closed) {
                        wait(1_000);
                    }
                    if (generation != connected || closed) {
                        break;
                    }
                    upTo = published;
                }
                StringBuilder events = new StringBuilder();
                for (int i = next; i < upTo; i++) {
                    events.append("event: update\ndata: ").append(statusJson(i)).append("\n\n");
                }
                StreamServer.send(out, events.toString());
                next = upTo;
            }
            if (midFrameDrop()) {
                StreamServer.send(out, "event: update\ndata: {\"id\":\"" + idOf(next + 1) + "\",\"uri\":");
            }
        }
        catch (IOException | InterruptedException gone) {
            // the client went away, or the test ended
        }
    }

    private synchronized String statusJson(int index) {
        return statuses.get(index);
    }

    /** Answers a REST timeline request as Mastodon does, from the statuses published so far. */
    void timeline(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        long minId = -1;
        long sinceId = -1;
        int limit = 20;
        Matcher param = PARAM.matcher(query == null ? "" : query);
        while (param.find()) {
            long value = Long.parseLong(param.group(2));
            switch (param.group(1)) {
                case "min_id" -> minId = value;
                case "since_id" -> sinceId = value;
                default -> limit = (int) Math.min(value, 40);
            }
        }
        List<Integer> page = new ArrayList<>();
        synchronized (this) {
            if (minId >= 0) {
                for (int i = 1; i <= published && page.size() < limit; i++) {
                    if (idOf(i) > minId) {
                        page.add(0, i);
                    }
                }
            }
            else {
                for (int i = published; i >= 1 && page.size() < limit && idOf(i) > sinceId; i--) {
                    page.add(i);
                }
            }
        }
        StringBuilder body = new StringBuilder("[");
        for (int i : page) {
            body.append(body.length() == 1 ? "" : ",").append(statusJson(i - 1));
        }
        body.append(']');
        if (!page.isEmpty()) {
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("Link", "<" + path + "?limit=" + limit + "&max_id="
                    + idOf(page.get(page.size() - 1)) + ">; rel=\"next\", <" + path + "?limit=" + limit + "&min_id="
                    + idOf(page.get(0)) + ">; rel=\"prev\"");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Ends every stream. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
