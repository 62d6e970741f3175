package io.tagpulse.source.mastodon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.mastodon.MastodonProperties.Timeline;
import io.tagpulse.source.connector.LineStreamConnector;
import io.tagpulse.source.connector.LiveFeed;
import io.tagpulse.source.connector.ServerSentEvents;

/**
 * The Mastodon streaming API: server-sent {@code update} events of one instance's public (federated or local)
 * timeline, or of one hashtag, each status handed to the pipeline. Mastodon streams cannot be resumed, so posts
 * made while disconnected are not replayed; reconnection is quick (back-off from one second) to keep that gap short.
 */
public final class MastodonStream implements Consumer<String> {

    private final ServerSentEvents events = new ServerSentEvents();

    private final LiveFeed feed;

    public MastodonStream(PostSink sink, MeterRegistry registry) {
        this.feed = new LiveFeed("mastodon", sink, registry);
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
            feed.skipped();
            return;
        }
        try {
            feed.publish(MastodonParser.parse(event.data()));
        }
        catch (InvalidRecordException ex) {
            feed.malformed(ex.getMessage());
        }
    }
}
