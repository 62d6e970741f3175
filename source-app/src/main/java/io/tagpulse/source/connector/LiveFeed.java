package io.tagpulse.source.connector;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a push connector (Mastodon, X) hands posts over: to the sink, with at most 5,000 waiting for Kafka (beyond
 * that the reading thread waits, so TCP slows the server down instead of the heap filling up), and with the
 * connector's metrics: {@code tagpulse.source.connector.events{connector, outcome=post|skipped|malformed}} and
 * {@code tagpulse.source.connector.last-event-time} (epoch seconds).
 */
public final class LiveFeed {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private static final int MAX_IN_FLIGHT = 5_000;

    private final String connector;

    private final PostSink sink;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    private final AtomicLong lastEventSeconds = new AtomicLong();

    private final Counter posts;

    private final Counter skipped;

    private final Counter malformed;

    public LiveFeed(String connector, PostSink sink, MeterRegistry registry) {
        this.connector = connector;
        this.sink = sink;
        Tags tags = Tags.of("connector", connector);
        registry.gauge("tagpulse.source.connector.last-event-time", tags, lastEventSeconds);
        this.posts = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "post"));
        this.skipped = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "skipped"));
        this.malformed = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "malformed"));
    }

    public void publish(Post post) {
        lastEventSeconds.set(post.createdAt().getEpochSecond());
        posts.increment();
        inFlight.acquireUninterruptibly();
        sink.publish(post).whenComplete((ok, error) -> {
            inFlight.release();
            if (error != null) {
                log.warn("Kafka did not take {} post {}: {}", connector, post.id(), error.toString());
            }
        });
    }

    /** An event that carries no post (a delete, another kind). */
    public void skipped() {
        skipped.increment();
    }

    /** An event that could not be read; the reason is logged. */
    public void malformed(String reason) {
        malformed.increment();
        log.warn("Skipping a malformed {} event: {}", connector, reason);
    }
}
