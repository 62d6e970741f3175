package io.tagpulse.source.x;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.connector.LineStreamConnector;
import io.tagpulse.source.connector.LiveFeed;

/** The X API v2 filtered stream: each line a post, handed to the pipeline; keep-alives keep the connection. */
public final class XStream implements Consumer<String> {

    private final LiveFeed feed;

    public XStream(PostSink sink, MeterRegistry registry) {
        this.feed = new LiveFeed("x", sink, registry);
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
            feed.malformed(ex.getMessage());
            return;
        }
        post.ifPresent(feed::publish);
    }
}
