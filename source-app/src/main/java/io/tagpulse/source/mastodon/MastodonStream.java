package io.tagpulse.source.mastodon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
import io.tagpulse.source.stream.ServerSentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mastodon streaming API: server-sent {@code update} events of one instance's public (federated or local)
 * timeline, or of one hashtag, each status handed to the pipeline. Mastodon streams cannot be resumed, so posts
 * made while disconnected are not replayed; reconnection is quick (back-off from one second) to keep that gap short.
 */
public final class MastodonStream implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(MastodonStream.class);

    private static final int MAX_IN_FLIGHT = 5_000;

    /** Which timeline to follow. */
    public enum Timeline {
        /** Every public status the instance knows (federated). */
        PUBLIC,
        /** Public statuses of the instance's own users. */
        LOCAL,
        /** Public statuses with one hashtag. */
        HASHTAG
    }

    private final ServerSentEvents events = new ServerSentEvents();

    private final PostSink sink;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    private final AtomicLong lastEventSeconds = new AtomicLong();

    private final Counter posts;

    private final Counter skipped;

    private final Counter malformed;

    public MastodonStream(PostSink sink, MeterRegistry registry) {
        this.sink = sink;
        Tags tags = Tags.of("connector", "mastodon");
        registry.gauge("tagpulse.source.connector.last-event-time", tags, lastEventSeconds);
        this.posts = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "post"));
        this.skipped = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "skipped"));
        this.malformed = registry.counter("tagpulse.source.connector.events", tags.and("outcome", "malformed"));
    }

    /** @return the streaming URL for a timeline of an instance such as {@code https://mastodon.social} */
    public static URI uri(URI instance, Timeline timeline, String hashtag) {
        String base = instance.toString().replaceAll("/+$", "") + "/api/v1/streaming/";
        return URI.create(switch (timeline) {
            case PUBLIC -> base + "public";
            case LOCAL -> base + "public/local";
            case HASHTAG -> base + "hashtag?tag=" + URLEncoder.encode(hashtag.replaceFirst("^#", ""),
                    StandardCharsets.UTF_8);
        });
    }

    /** @return the request headers: event stream, and the access token when there is one */
    public static Map<String, String> headers(String accessToken) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/event-stream");
        if (accessToken != null && !accessToken.isBlank()) {
            headers.put("Authorization", "Bearer " + accessToken);
        }
        return headers;
    }

    public static LineStreamConnector.Settings settings(URI instance, Timeline timeline, String hashtag,
            String accessToken, Duration idleTimeout) {
        return new LineStreamConnector.Settings("mastodon", uri(instance, timeline, hashtag), headers(accessToken),
                "check tagpulse.source.mastodon.access-token (an application token with the read:statuses scope; "
                        + "some instances require one for their public timelines)",
                idleTimeout);
    }

    @Override
    public void accept(String line) {
        events.accept(line).ifPresent(this::handle);
    }

    private void handle(ServerSentEvents.Event event) {
        if (!event.event().equals("update")) {
            skipped.increment();
            return;
        }
        Post post;
        try {
            post = MastodonParser.parse(event.data());
        }
        catch (InvalidRecordException ex) {
            malformed.increment();
            log.warn("Skipping a malformed Mastodon status: {}", ex.getMessage());
            return;
        }
        lastEventSeconds.set(post.createdAt().getEpochSecond());
        posts.increment();
        inFlight.acquireUninterruptibly();
        sink.publish(post).whenComplete((ok, error) -> {
            inFlight.release();
            if (error != null) {
                log.warn("Kafka did not take Mastodon status {}: {}", post.id(), error.toString());
            }
        });
    }
}
