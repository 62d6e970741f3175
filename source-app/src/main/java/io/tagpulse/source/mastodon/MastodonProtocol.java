package io.tagpulse.source.mastodon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveProtocol;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.ServerSentEvents;
import io.tagpulse.source.connector.Transport;
import io.tagpulse.source.mastodon.MastodonProperties.Timeline;

/**
 * The Mastodon streaming API: server-sent {@code update} events of one instance's public (federated or local)
 * timeline, or of one hashtag, each status a post. Mastodon streams cannot be resumed, so posts made while
 * disconnected are not replayed; reconnection is quick (back-off from one second) to keep that gap short.
 */
public final class MastodonProtocol implements LiveProtocol {

    private final Transport.Request request;

    public MastodonProtocol(URI instance, Timeline timeline, String hashtag, String accessToken) {
        this.request = new Transport.Request(uri(instance, timeline, hashtag), headers(accessToken));
    }

    /** @return the Mastodon source of these settings */
    public static PostSource source(MastodonProperties settings, MeterRegistry registry) {
        return new LiveConnector(new MastodonProtocol(settings.getInstance(), settings.getTimeline(),
                settings.getHashtag(), settings.getAccessToken()), new HttpLinesTransport(),
                LiveConnector.Settings.of(settings), PositionStore.NONE, registry);
    }

    /** @return the streaming URL for a timeline of an instance such as {@code https://mastodon.social} */
    static URI uri(URI instance, Timeline timeline, String hashtag) {
        String base = instance.toString().replaceAll("/+$", "") + "/api/v1/streaming/";
        return URI.create(switch (timeline) {
            case PUBLIC -> base + "public";
            case LOCAL -> base + "public/local";
            case HASHTAG -> base + "hashtag?tag=" + URLEncoder.encode(hashtag.replaceFirst("^#", ""),
                    StandardCharsets.UTF_8);
        });
    }

    /** @return the request headers: event stream, and the access token when there is one */
    static Map<String, String> headers(String accessToken) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/event-stream");
        if (accessToken != null && !accessToken.isBlank()) {
            headers.put("Authorization", "Bearer " + accessToken);
        }
        return headers;
    }

    @Override
    public String name() {
        return "mastodon";
    }

    @Override
    public Transport.Request request(long resumeAfter) {
        return request;
    }

    @Override
    public String credentialsHint() {
        return "check tagpulse.source.mastodon.access-token (an application token with the read:statuses scope; "
                + "some instances require one for their public timelines)";
    }

    /** Server-sent events: heartbeats ({@code :thump}) are frames but no events; an {@code update} is a status. */
    @Override
    public FrameReader newReader() {
        ServerSentEvents sse = new ServerSentEvents();
        return (line, events) -> {
            ServerSentEvents.Event event = sse.accept(line).orElse(null);
            if (event == null) {
                return;
            }
            if (!event.event().equals("update")) {
                events.skipped();
                return;
            }
            try {
                events.post(MastodonParser.parse(event.data()));
            }
            catch (InvalidRecordException ex) {
                events.malformed(ex.getMessage());
            }
        };
    }
}
