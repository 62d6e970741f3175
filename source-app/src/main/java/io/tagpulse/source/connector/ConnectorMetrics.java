package io.tagpulse.source.connector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tagpulse.contracts.Post;

/**
 * The meters of a live connector, tagged {@code connector=<name>}: {@code tagpulse.source.connector.connected},
 * {@code .reconnects}, {@code .events{outcome=post|skipped|duplicate|malformed}} and {@code .last-event-time} (the
 * newest post's creation time, epoch seconds), and of what keeps posts from being lost: {@code
 * tagpulse.source.live.send-retries} (posts sent again after Kafka refused them) and {@code
 * tagpulse.source.live.position-save-failures} (saves of the position that failed).
 */
final class ConnectorMetrics {

    private final AtomicInteger connected = new AtomicInteger();

    private final AtomicLong lastEventSeconds = new AtomicLong();

    private final Counter reconnects;

    private final Counter posts;

    private final Counter skipped;

    private final Counter duplicates;

    private final Counter malformed;

    private final Counter sendRetries;

    private final Counter positionSaveFailures;

    ConnectorMetrics(String connector, MeterRegistry registry) {
        Tags tags = Tags.of("connector", connector);
        registry.gauge("tagpulse.source.connector.connected", tags, connected);
        registry.gauge("tagpulse.source.connector.last-event-time", tags, lastEventSeconds);
        this.reconnects = registry.counter("tagpulse.source.connector.reconnects", tags);
        this.posts = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "post"));
        this.skipped = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "skipped"));
        this.duplicates = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "duplicate"));
        this.malformed = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "malformed"));
        this.sendRetries = registry.counter("tagpulse.source.live.send-retries", tags);
        this.positionSaveFailures = registry.counter("tagpulse.source.live.position-save-failures", tags);
    }

    void connected(boolean isConnected) {
        connected.set(isConnected ? 1 : 0);
    }

    void reconnect() {
        reconnects.increment();
    }

    void post(Post post) {
        posts.increment();
        lastEventSeconds.set(post.createdAt().getEpochSecond());
    }

    void skipped() {
        skipped.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void sendRetry() {
        sendRetries.increment();
    }

    void positionSaveFailure() {
        positionSaveFailures.increment();
    }
}
