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
 * The X API v2 filtered stream (NDJSON over a long-lived HTTP response): each line a post, blank lines keep-alives,
 * {@code errors} lines notices. Before connecting, X's stream rules are made equal to the configured ones; what X
 * rejects, and its notices, go to the {@link XStreamStatus}. A reconnect after a stream was open asks for the last
 * {@code backfill-minutes} again; the posts among them this app has sent already (by id, the last {@code
 * remembered-posts} of them) are counted as duplicates, not sent again.
 */
public final class XProtocol implements LiveProtocol {

    private static final Logger log = LoggerFactory.getLogger(XProtocol.class);

    private final String stream;

    private final Map<String, String> headers;

    private final XStreamRules rules;

    private final List<String> wantedRules;

    private final int backfillMinutes;

    private final boolean backfillOnStart;

    private final RecentIds sent;

    private final XStreamStatus status;

    /** Whether the last rule sync failed outright (X rejecting rules is no such failure): tried again. */
    private volatile boolean syncAgain;

    /** Whether a connection has been asked for since the start: the next one follows the connector's back-off. */
    private volatile boolean requested;

    /** Whether a stream has been open since the start, so that the next connection is a reconnect. */
    private volatile boolean streamed;

    public XProtocol(XProperties settings, XStreamStatus status) {
        String base = settings.getBaseUrl().toString().replaceAll("/+$", "");
        this.stream = base + "/2/tweets/search/stream?tweet.fields="
                + URLEncoder.encode(XStreamParser.TWEET_FIELDS, StandardCharsets.UTF_8);
        this.headers = Map.of("Authorization", "Bearer " + settings.getBearerToken());
        this.rules = new XStreamRules(settings.getBaseUrl(), settings.getBearerToken());
        this.wantedRules = List.copyOf(settings.getRules());
        this.backfillMinutes = settings.getBackfillMinutes();
        this.backfillOnStart = settings.isBackfillOnStart();
        this.sent = new RecentIds(settings.getRememberedPosts());
        this.status = status;
    }

    /** @return the X source of these settings, reporting what X says is wrong to {@code status} */
    public static PostSource source(XProperties settings, XStreamStatus status, MeterRegistry registry) {
        return new LiveConnector(new XProtocol(settings, status), new HttpLinesTransport(),
                LiveConnector.Settings.of(settings), PositionStore.NONE, registry);
    }

    @Override
    public String name() {
        return "x";
    }

    /**
     * The stream, with {@code backfill_minutes} on a reconnect (or on the first connection, when configured); before a
     * reconnect, when the last rule sync failed outright (a server error, a refused token, no answer), it is tried
     * again.
     */
    @Override
    public Transport.Request request(long resumeAfter) {
        if (syncAgain && requested) {
            try {
                syncRules();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt(); // the connector is stopping: its next wait ends at once
            }
        }
        requested = true;
        boolean backfill = backfillMinutes > 0 && (streamed || backfillOnStart);
        return new Transport.Request(URI.create(stream + (backfill ? "&backfill_minutes=" + backfillMinutes : "")),
                headers);
    }

    @Override
    public String credentialsHint() {
        return "check tagpulse.source.x.bearer-token (an app-only token of a project with filtered-stream access)";
    }

    /** Makes X's stream rules equal to the configured ones; on failure the stream is read anyway and health says why. */
    @Override
    public void prepare() throws InterruptedException {
        streamed = false;
        requested = false;
        syncRules();
    }

    private void syncRules() throws InterruptedException {
        try {
            XStreamRules.Sync sync = rules.sync(wantedRules);
            syncAgain = false;
            status.rulesSynced(sync.diff(), sync.problems());
            if (status.ruleFailure() != null) {
                log.error("X rejected stream rules (check tagpulse.source.x.rules): {}", sync.problems());
            }
            else {
                log.info("X stream rules in place: {} deleted, {} added{}", sync.diff().delete().size(),
                        sync.diff().add().size(), sync.problems().isEmpty() ? "" : " " + sync.problems());
            }
        }
        catch (IOException | RuntimeException ex) {
            syncAgain = true;
            status.rulesFailed("could not set the X stream rules: " + ex.getMessage());
            log.error("Could not set the X stream rules (trying again before the next connection): {}",
                    ex.getMessage());
        }
    }

    /** A reader for a stream X has opened: from now on, a connection is a reconnect. */
    @Override
    public FrameReader newReader() {
        streamed = true;
        return LiveProtocol.parsing(XStreamParser::parse, (line, events) -> {
            if (line.isEmpty()) {
                return; // a keep-alive
            }
            if (line.get() instanceof XStreamParser.Notice notice) {
                status.streamErrors(notice.errors());
                log.warn("X stream notice: {}", notice.errors());
                events.skipped();
                return;
            }
            XStreamParser.PostLine post = (XStreamParser.PostLine) line.get();
            if (sent.contains(post.post().id())) {
                events.duplicate(); // X sent it again (backfill)
                return;
            }
            events.post(post.post());
            sent.add(post.post().id());
        });
    }
}
