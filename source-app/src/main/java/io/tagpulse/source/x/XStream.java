package io.tagpulse.source.x;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.stream.LineStreamConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The X API v2 filtered stream: each line a post, handed to the pipeline; keep-alives keep the connection. */
public final class XStream implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(XStream.class);

    private static final int MAX_IN_FLIGHT = 5_000;

    private final PostSink sink;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    private final AtomicLong lastEventSeconds = new AtomicLong();

    private final Counter posts;

    private final Counter malformed;

    public XStream(PostSink sink, MeterRegistry registry) {
        this.sink = sink;
        Tags tags = Tags.of("connector", "x");
        registry.gauge("tagpulse.source.connector.last-event-time", tags, lastEventSeconds);
        this.posts = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "post"));
        this.malformed = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "malformed"));
    }

    public static LineStreamConnector.Settings settings(URI base, String bearerToken, Duration idleTimeout) {
        URI stream = URI.create(base.toString().replaceAll("/+$", "") + "/2/tweets/search/stream?tweet.fields="
                + URLEncoder.encode(XStreamParser.TWEET_FIELDS, StandardCharsets.UTF_8));
        return new LineStreamConnector.Settings("x", stream, Map.of("Authorization", "Bearer " + bearerToken),
                "check tagpulse.source.x.bearer-token (an app-only token of a project with filtered-stream access)",
                idleTimeout);
    }

    @Override
    public void accept(String line) {
        Optional<Post> post;
        try {
            post = XStreamParser.parse(line);
        }
        catch (InvalidRecordException ex) {
            malformed.increment();
            log.warn("Skipping an X stream line: {}", ex.getMessage());
            return;
        }
        post.ifPresent(this::publish);
    }

    private void publish(Post post) {
        lastEventSeconds.set(post.createdAt().getEpochSecond());
        posts.increment();
        inFlight.acquireUninterruptibly();
        sink.publish(post).whenComplete((ok, error) -> {
            inFlight.release();
            if (error != null) {
                log.warn("Kafka did not take X post {}: {}", post.id(), error.toString());
            }
        });
    }
}
