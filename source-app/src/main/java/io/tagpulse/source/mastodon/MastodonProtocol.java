package io.tagpulse.source.mastodon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveProtocol;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.Transport;
import io.tagpulse.source.mastodon.MastodonProperties.Timeline;

/**
 * The Mastodon streaming API: server-sent {@code update} events of one instance's public (federated or local)
 * timeline, or of one hashtag, each status a post. A stream cannot be resumed, so the runtime keeps the position (the
 * newest status id up to which Kafka acknowledged every status of the stream, in the app the compacted positions
 * topic), and each (re)connection with a position first backfills what it missed from the matching REST timeline
 * ({@link TimelineBackfill}), oldest first, then reads the stream ({@link MastodonReader}). Redirects are followed for
 * the stream and the REST calls ({@link Redirects}).
 */
public final class MastodonProtocol implements LiveProtocol {

    private final Transport.Request request;

    private final TimelineBackfill backfill;

    /** A protocol with the default backfill (25 pages) and redirects (5 hops). */
    public MastodonProtocol(URI instance, Timeline timeline, String hashtag, String accessToken) {
        this(settings(instance, timeline, hashtag, accessToken));
    }

    public MastodonProtocol(MastodonProperties settings) {
        URI instance = settings.getInstance();
        this.request = new Transport.Request(uri(instance, settings.getTimeline(), settings.getHashtag()),
                headers(settings.getAccessToken()));
        Map<String, String> restHeaders = new LinkedHashMap<>(request.headers());
        restHeaders.remove("Accept");
        this.backfill = settings.getBackfillMaxPages() == 0 ? null
                : new TimelineBackfill(instance, settings.getTimeline(), settings.getHashtag(), restHeaders,
                        settings.getBackfillMaxPages(), settings.getMaxRedirects());
    }

    private static MastodonProperties settings(URI instance, Timeline timeline, String hashtag, String accessToken) {
        MastodonProperties settings = new MastodonProperties();
        settings.setInstance(instance);
        settings.setTimeline(timeline);
        settings.setHashtag(hashtag);
        settings.setAccessToken(accessToken);
        return settings;
    }

    /** @return the Mastodon source of these settings, its position kept in {@code positions} */
    public static PostSource source(MastodonProperties settings, PositionStore positions, MeterRegistry registry) {
        return new LiveConnector(new MastodonProtocol(settings),
                new RedirectingTransport(new HttpLinesTransport(), settings.getMaxRedirects()),
                LiveConnector.Settings.of(settings), positions, registry);
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

    /** A reader of one connection: its backfill, then its server-sent events. */
    @Override
    public FrameReader newReader() {
        return new MastodonReader(backfill);
    }
}
