package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.source.connector.HttpLinesTransport;
import io.tagpulse.source.connector.LiveFixture;
import io.tagpulse.source.connector.SavedPositions;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tagpulse.source.mastodon.FakeMastodon.idOf;
import static io.tagpulse.source.mastodon.FakeMastodon.urisOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Mastodon connector's position and backfill against a local server speaking Mastodon ({@link FakeMastodon}):
 * what was posted while the stream was down comes from the REST timeline, once and in order, however the connection
 * ended and whatever the server answered in between (a 429, a 5xx, a redirect).
 */
class MastodonBackfillTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String STREAM = "/api/v1/streaming/";

    private static final String TIMELINE = "/api/v1/timelines/";

    @RegisterExtension
    final LiveFixture live = new LiveFixture();

    private final FakeMastodon mastodon = new FakeMastodon(200);

    private final SavedPositions positions = new SavedPositions();

    @AfterEach
    void closeStreams() {
        mastodon.close();
    }

    private void serve(StreamServer.Answer stream, StreamServer.Answer timeline) throws IOException {
        live.serve(StreamServer.create().on(STREAM, stream).on(TIMELINE, timeline));
    }

    private void serveMastodon() throws IOException {
        serve((exchange, request) -> mastodon.stream(exchange), (exchange, request) -> mastodon.timeline(exchange));
    }

    private static MastodonProperties settings(java.net.URI instance) {
        MastodonProperties settings = new MastodonProperties();
        settings.setInstance(instance);
        settings.setTimeline(MastodonProperties.Timeline.HASHTAG);
        settings.setHashtag("seq");
        return settings;
    }

    private void start(MastodonProperties settings) {
        live.connector(new MastodonProtocol(settings),
                new RedirectingTransport(new HttpLinesTransport(), settings.getMaxRedirects()),
                LiveFixture.quickSettings(Duration.ofSeconds(30)), positions)
            .start(live.acknowledging());
    }

    private void start() {
        start(settings(live.server().uri("")));
    }

    /**
     * Starts with status {@code saved}'s id as the saved position and statuses up to {@code published} posted; waits
     * until {@code backfilled} posts were published and the stream is open.
     */
    private void startAfter(int saved, int published, MastodonProperties settings, int backfilled) {
        positions.saved.add(idOf(saved));
        mastodon.publishUpTo(published);
        start(settings);
        awaitPublished(backfilled);
        await().atMost(WAIT).until(() -> mastodon.connections() >= 1);
    }

    /** Posts statuses up to {@code index} on the stream; waits until {@code total} posts were published. */
    private void streamUpTo(int index, int total) {
        mastodon.publishUpTo(index);
        awaitPublished(total);
    }

    private void awaitPublished(int count) {
        await().atMost(WAIT).until(() -> live.published.size() >= count);
    }

    private void awaitSaved(long position) {
        await().atMost(WAIT).until(() -> !positions.saved.isEmpty()
                && positions.saved.get(positions.saved.size() - 1) == position);
    }

    private List<String> timelineRequests() {
        return live.requests().stream().filter(request -> request.startsWith(TIMELINE)).toList();
    }

    @Test
    void shouldBackfillWhatWasPostedWhileDisconnectedOnceAndInOrder() throws IOException {
        serve((exchange, request) -> mastodon.stream(exchange), (exchange, request) -> {
            if (request == 1) {
                mastodon.publishUpTo(92); // posted during the backfill: on the new stream and on the last page too
            }
            mastodon.timeline(exchange);
        });
        start();
        await().atMost(WAIT).until(() -> mastodon.connections() == 1);
        mastodon.publishUpTo(5);
        awaitPublished(5);
        awaitSaved(idOf(5));

        // The stream ends after half a frame; 85 statuses are posted before the next connection.
        mastodon.dropStreamsAndPublishUpTo(90, true);
        await().atMost(WAIT).until(() -> live.published.size() >= 92 && mastodon.connections() == 2);
        mastodon.publishUpTo(95);
        awaitPublished(95);
        awaitSaved(idOf(95));

        assertThat(live.ids()).containsExactlyElementsOf(urisOf(1, 95));
        assertThat(timelineRequests()).containsExactly(
                TIMELINE + "tag/seq?limit=40&min_id=" + idOf(5),
                TIMELINE + "tag/seq?limit=40&min_id=" + idOf(45),
                TIMELINE + "tag/seq?limit=40&min_id=" + idOf(85));
        assertThat(live.events("mastodon", "malformed")).isZero();
        // 91 and 92 came on the stream as well, after the backfill had sent them.
        assertThat(live.events("mastodon", "skipped")).isEqualTo(2);
    }

    @Test
    void shouldBackfillFromTheSavedPositionWhenStarted() throws IOException {
        serveMastodon();
        startAfter(10, 30, settings(live.server().uri("")), 20);
        streamUpTo(32, 22);
        awaitSaved(idOf(32));

        assertThat(live.ids()).containsExactlyElementsOf(urisOf(11, 32));
    }

    @Test
    void shouldStartFromTheLiveEndWithoutAPosition() throws IOException {
        serveMastodon();
        mastodon.publishUpTo(30);
        start();
        await().atMost(WAIT).until(() -> mastodon.connections() == 1);
        mastodon.publishUpTo(31);
        awaitPublished(1);
        awaitSaved(idOf(31));

        assertThat(live.ids()).containsExactly(FakeMastodon.uriOf(31));
        assertThat(timelineRequests()).isEmpty();
    }

    @Test
    void shouldStopTheBackfillAtItsPageBound() throws IOException {
        serveMastodon();
        MastodonProperties settings = settings(live.server().uri(""));
        settings.setBackfillMaxPages(1);
        startAfter(0, 100, settings, 40);
        streamUpTo(105, 45);

        List<String> expected = new ArrayList<>(urisOf(1, 40));
        expected.addAll(urisOf(101, 105));
        assertThat(live.ids()).containsExactlyElementsOf(expected);
        assertThat(timelineRequests()).hasSize(1);
    }

    @Test
    void shouldWaitAsA429OnTheTimelineAsksThenBackfill() throws IOException {
        serve((exchange, request) -> mastodon.stream(exchange), StreamServer.refusingFirst(429, "Retry-After", "1",
                (exchange, request) -> mastodon.timeline(exchange)));
        positions.saved.add(idOf(0));
        mastodon.publishUpTo(10);
        start();
        awaitPublished(10);

        assertThat(live.ids()).containsExactlyElementsOf(urisOf(1, 10));
        int refused = live.requests().indexOf(TIMELINE + "tag/seq?limit=40&min_id=" + idOf(0));
        // The back-off alone would reconnect within 200 ms.
        assertThat(live.server().gapBefore(refused + 1)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void shouldReconnectAfter5xxAnswersOfTheStreamAndTheTimeline() throws IOException {
        serve(StreamServer.refusingFirst(503, null, null, (exchange, request) -> mastodon.stream(exchange)),
                StreamServer.refusingFirst(500, null, null, (exchange, request) -> mastodon.timeline(exchange)));
        startAfter(0, 10, settings(live.server().uri("")), 10);
        streamUpTo(12, 12);

        assertThat(live.ids()).containsExactlyElementsOf(urisOf(1, 12));
        assertThat(live.requests()).hasSize(5).startsWith(STREAM + "hashtag?tag=seq", STREAM + "hashtag?tag=seq",
                TIMELINE + "tag/seq?limit=40&min_id=" + idOf(0), STREAM + "hashtag?tag=seq");
    }

    @Test
    void shouldFollowTheRedirectsOfAnInstanceThatMoved() throws IOException {
        live.serve(StreamServer.create()
            .on("/old/", (exchange, request) -> {
                String moved = exchange.getRequestURI().toString().replaceFirst("^/old/", "/new/");
                StreamServer.refuse(exchange, moved.contains("/streaming/") ? 301 : 308, "Location", moved);
            })
            .on("/new" + STREAM, (exchange, request) -> mastodon.stream(exchange))
            .on("/new" + TIMELINE, (exchange, request) -> mastodon.timeline(exchange)));
        startAfter(0, 3, settings(live.server().uri("/old")), 3);
        streamUpTo(4, 4);

        assertThat(live.ids()).containsExactlyElementsOf(urisOf(1, 4));
        assertThat(live.requests()).containsExactly("/old" + STREAM + "hashtag?tag=seq",
                "/new" + STREAM + "hashtag?tag=seq", "/old" + TIMELINE + "tag/seq?limit=40&min_id=" + idOf(0),
                "/new" + TIMELINE + "tag/seq?limit=40&min_id=" + idOf(0));
    }

    @Test
    void shouldCountAMalformedStatusOfTheTimelineAndGoOn() throws IOException {
        serveMastodon();
        mastodon.replace(3, "{\"id\":\"" + idOf(3) + "\",\"content\":\"no uri\"}");
        startAfter(0, 5, settings(live.server().uri("")), 4);
        streamUpTo(6, 5);

        assertThat(live.ids()).containsExactly(FakeMastodon.uriOf(1), FakeMastodon.uriOf(2), FakeMastodon.uriOf(4),
                FakeMastodon.uriOf(5), FakeMastodon.uriOf(6));
        assertThat(live.events("mastodon", "malformed")).isEqualTo(1);
    }
}
