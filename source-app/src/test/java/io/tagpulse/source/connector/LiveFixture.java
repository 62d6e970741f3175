package io.tagpulse.source.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every live connector test sets up: a local {@link StreamServer}, a connector on quick back-off, the posts it
 * published and its metrics; after each test it stops the connector and closes the server. Register it with
 * {@code @RegisterExtension}.
 */
public final class LiveFixture implements AfterEachCallback {

    /** The connector's metrics. */
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Every post the connector handed to its sink, in order. */
    public final List<Post> published = new CopyOnWriteArrayList<>();

    private StreamServer server;

    private LiveConnector connector;

    /** Back-off from 50 to 200 ms, the same draws each run. */
    public static Backoff quickBackoff() {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new Random(1));
    }

    /** Settings on quick back-off, 5,000 posts in flight and 5 s to stop. */
    public static LiveConnector.Settings quickSettings(Duration idleTimeout) {
        return new LiveConnector.Settings(idleTimeout, quickBackoff(), 5_000, Duration.ofSeconds(5));
    }

    /** Starts {@code created} (answers set up, not yet started) and closes it after the test. */
    public StreamServer serve(StreamServer created) {
        server = created.start();
        return server;
    }

    /** Starts a server that answers every path with {@code answer}. */
    public StreamServer serve(StreamServer.Answer answer) throws IOException {
        return serve(StreamServer.create().on("/", answer));
    }

    /** What a test streams to one request (counted from 1). */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out, int request) throws IOException;
    }

    /** Starts a server that opens a stream for every request, writes to it as {@code writer} says, holds it open. */
    public StreamServer serveStream(String contentType, StreamWriter writer) throws IOException {
        return serve((exchange, request) -> {
            OutputStream out = StreamServer.openStream(exchange, contentType);
            writer.write(out, request);
            server.holdOpen(out);
        });
    }

    /** Starts a server that streams {@code text(n)} to request {@code n} (from 1), then holds the stream open. */
    public StreamServer serveStream(String contentType, IntFunction<String> text) throws IOException {
        return serveStream(contentType, (out, request) -> StreamServer.send(out, text.apply(request)));
    }

    public StreamServer server() {
        return server;
    }

    /** @return the server's requests so far, as it describes them */
    public List<String> requests() {
        return server.requests();
    }

    /** A connector over HTTP lines, not yet started, stopped after the test. */
    public LiveConnector connector(LiveProtocol protocol, LiveConnector.Settings settings, PositionStore positions) {
        return connector(protocol, new HttpLinesTransport(), settings, positions);
    }

    /** A connector over {@code transport}, not yet started, stopped after the test. */
    public LiveConnector connector(LiveProtocol protocol, Transport transport, LiveConnector.Settings settings,
            PositionStore positions) {
        connector = new LiveConnector(protocol, transport, settings, positions, registry);
        return connector;
    }

    /** A connector without positions, started with an acknowledging sink. */
    public LiveConnector start(LiveProtocol protocol, LiveConnector.Settings settings) {
        LiveConnector started = connector(protocol, settings, PositionStore.NONE);
        started.start(acknowledging());
        return started;
    }

    /** A sink that records each post and acknowledges it as {@code answer} says: done, failed, or held. */
    public PostSink sink(Function<Post, CompletableFuture<Void>> answer) {
        return post -> {
            published.add(post);
            return answer.apply(post);
        };
    }

    /** A sink that records each post and acknowledges it at once. */
    public PostSink acknowledging() {
        return sink(post -> CompletableFuture.completedFuture(null));
    }

    /** @return the ids of the published posts, in order */
    public List<String> ids() {
        return published.stream().map(Post::id).toList();
    }

    /** @return how many frames of the connector {@code name} had {@code outcome} (post, skipped, malformed) */
    public double events(String name, String outcome) {
        return registry.counter("tagpulse.source.connector.events", "connector", name, "outcome", outcome).count();
    }

    /** @return the count of the connector {@code name}'s counter {@code meter} */
    public double counter(String meter, String name) {
        return registry.counter(meter, "connector", name).count();
    }

    /** @return the connected gauge of the connector {@code name} */
    public double connected(String name) {
        return registry.get("tagpulse.source.connector.connected").tag("connector", name).gauge().value();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (connector != null) {
            connector.stop();
        }
        if (server != null) {
            server.close();
        }
    }
}
