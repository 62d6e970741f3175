package io.tagpulse.source.x;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveConnector;
import io.tagpulse.source.connector.LiveProtocol;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.connector.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 filtered stream (NDJSON over a long-lived HTTP response): each line a post, blank lines keep-alives.
 * Before connecting, X's stream rules are made equal to the configured ones.
 */
public final class XProtocol implements LiveProtocol {

    private static final Logger log = LoggerFactory.getLogger(XProtocol.class);

    private final Transport.Request request;

    private final XStreamRules rules;

    private final List<String> wantedRules;

    public XProtocol(URI base, String bearerToken, List<String> rules) {
        URI stream = URI.create(base.toString().replaceAll("/+$", "") + "/2/tweets/search/stream?tweet.fields="
                + URLEncoder.encode(XStreamParser.TWEET_FIELDS, StandardCharsets.UTF_8));
        this.request = new Transport.Request(stream, Map.of("Authorization", "Bearer " + bearerToken));
        this.rules = new XStreamRules(base, bearerToken);
        this.wantedRules = List.copyOf(rules);
    }

    /** @return the X source of these settings */
    public static PostSource source(XProperties settings, MeterRegistry registry) {
        return new LiveConnector(new XProtocol(settings.getBaseUrl(), settings.getBearerToken(), settings.getRules()),
                new HttpLinesTransport(), LiveConnector.Settings.of(settings), PositionStore.NONE, registry);
    }

    @Override
    public String name() {
        return "x";
    }

    @Override
    public Transport.Request request(long resumeAfter) {
        return request;
    }

    @Override
    public String credentialsHint() {
        return "check tagpulse.source.x.bearer-token (an app-only token of a project with filtered-stream access)";
    }

    /** Makes X's stream rules equal to the configured ones; on failure the stream is read anyway and says why. */
    @Override
    public void prepare() throws InterruptedException {
        try {
            XStreamRules.Diff diff = rules.sync(wantedRules);
            log.info("X stream rules in place: {} deleted, {} added", diff.delete().size(), diff.add().size());
        }
        catch (IOException | RuntimeException ex) {
            log.error("Could not set the X stream rules: {}", ex.getMessage());
        }
    }

    @Override
    public FrameReader newReader() {
        return LiveProtocol.parsing(XStreamParser::parse, (post, events) -> {
            if (post.isPresent()) { // else a keep-alive
                events.post(post.get());
            }
        });
    }
}
