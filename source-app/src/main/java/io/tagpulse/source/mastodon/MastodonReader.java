package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.source.PlatformJson;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.LiveProtocol;
import io.tagpulse.source.connector.ServerSentEvents;
import tools.jackson.databind.JsonNode;

/**
 * Reads one connection to a Mastodon stream: first the statuses it missed (the backfill, when there is a position to
 * resume after), then the stream's server-sent events, where heartbeats ({@code :thump}) are frames but no events
 * and an {@code update} is a status. A status id met twice in the connection (the backfill's newest ones again on the
 * stream) is skipped. A status newer than every one before it in the connection carries its id as its position; an
 * older one (a remote status federated late: Mastodon's ids follow the creation time) is posted without one, so it
 * is neither taken for a duplicate nor moves the position back.
 */
final class MastodonReader implements LiveProtocol.FrameReader {

    /** How many status ids of the connection are remembered to skip them a second time. */
    static final int REMEMBERED = 10_000;

    private final ServerSentEvents sse = new ServerSentEvents();

    private final TimelineBackfill backfill;

    private final Set<Long> seen = Collections.newSetFromMap(new LinkedHashMap<>() {

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    private long newest = PostSource.NO_POSITION;

    /** @param backfill what fetches the missed statuses, {@code null} for none */
    MastodonReader(TimelineBackfill backfill) {
        this.backfill = backfill;
    }

    @Override
    public void opened(long resumeAfter, LiveProtocol.Events events) throws IOException, InterruptedException {
        newest = resumeAfter;
        if (backfill == null || resumeAfter == PostSource.NO_POSITION) {
            return;
        }
        backfill.run(resumeAfter, new TimelineBackfill.Statuses() {

            @Override
            public void status(JsonNode status) throws InterruptedException {
                read(status, events);
            }

            @Override
            public void malformed(String reason) {
                events.malformed(reason);
            }
        });
    }

    @Override
    public void read(String line, LiveProtocol.Events events) throws InterruptedException {
        ServerSentEvents.Event event = sse.accept(line).orElse(null);
        if (event == null) {
            return;
        }
        if (!event.event().equals("update")) {
            events.skipped();
            return;
        }
        try {
            read(PlatformJson.readObject(event.data(), "Mastodon status"), events);
        }
        catch (InvalidRecordException ex) {
            events.malformed(ex.getMessage());
        }
    }

    private void read(JsonNode json, LiveProtocol.Events events) throws InterruptedException {
        MastodonParser.Status status;
        try {
            status = MastodonParser.read(json);
        }
        catch (InvalidRecordException ex) {
            events.malformed(ex.getMessage());
            return;
        }
        long id = status.id();
        if (id == PostSource.NO_POSITION) {
            events.post(status.post());
            return;
        }
        if (!seen.add(id)) {
            events.skipped();
            return;
        }
        if (id > newest) {
            newest = id;
            events.post(status.post(), id);
        }
        else {
            events.post(status.post());
        }
    }
}
