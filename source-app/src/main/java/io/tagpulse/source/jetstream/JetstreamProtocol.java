package io.tagpulse.source.jetstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveProtocol;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.Transport;
import io.tagpulse.source.connector.WebSocketTransport;

/**
 * Bluesky's Jetstream (JSON events over a WebSocket, no credentials): new posts only, resumed from the cursor
 * ({@code time_us}) up to which Kafka acknowledged every post, which the runtime keeps in a {@link PositionStore}
 * (in the app, the compacted positions topic). Jetstream replays from the cursor inclusive; the events it sends
 * again are skipped as duplicates.
 */
public final class JetstreamProtocol implements LiveProtocol {

    private final URI endpoint;

    /** @param endpoint the subscribe URL, e.g. {@code wss://jetstream2.us-east.bsky.network/subscribe} */
    public JetstreamProtocol(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** @return the Jetstream source of these settings, its cursor kept in {@code positions} */
    public static PostSource source(JetstreamProperties settings, PositionStore positions, MeterRegistry registry) {
        return new LiveConnector(new JetstreamProtocol(settings.getUrl()), new WebSocketTransport(),
                LiveConnector.Settings.of(settings), positions, registry);
    }

    @Override
    public String name() {
        return "jetstream";
    }

    /** @return the endpoint, posts only, from the cursor when there is one */
    @Override
    public Transport.Request request(long resumeAfter) {
        String base = endpoint.toString();
        StringBuilder uri = new StringBuilder(base).append(base.contains("?") ? '&' : '?')
            .append("wantedCollections=")
            .append(URLEncoder.encode(JetstreamParser.POST_COLLECTION, StandardCharsets.UTF_8));
        if (resumeAfter != PostSource.NO_POSITION) {
            uri.append("&cursor=").append(resumeAfter);
        }
        return new Transport.Request(URI.create(uri.toString()), Map.of());
    }

    @Override
    public String credentialsHint() {
        return "Jetstream needs no credentials: check tagpulse.source.jetstream.url";
    }

    @Override
    public FrameReader newReader() {
        return LiveProtocol.parsing(JetstreamParser::parse, (event, events) -> {
            if (event.isEmpty()) {
                events.skipped();
                return;
            }
            events.post(event.get().post(), event.get().cursor());
        });
    }
}
