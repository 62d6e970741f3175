package io.tagpulse.source.mastodon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tagpulse.source.ResumeRun;
import io.tagpulse.source.connector.StreamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static io.tagpulse.source.mastodon.FakeMastodon.idOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume after a kill, on a real (embedded, KRaft) broker: a local Mastodon-speaking server ({@link FakeMastodon})
 * posts a known sequence of statuses, one every 20 ms, whether anyone listens or not; the source app, in a JVM of
 * its own, reads them from the stream, is killed outright (SIGKILL) midway, and a second app, with nothing of the
 * first but the broker, loads the status id the first kept in the positions topic, backfills what was posted since
 * from the REST timeline, then reads the stream, which carries the last statuses. None is lost; the only ones written
 * twice are after the position saved last before the kill (acknowledged, not yet covered by a save).
 */
@Tag("slow")
@SpringJUnitConfig
@EmbeddedKafka(partitions = 3)
@DirtiesContext // a broker of its own (not JetstreamResumeIT's cached one), stopped after the test
class MastodonResumeIT {

    private static final int STATUSES = 400;

    /** Posted only once the second app's stream is open: they arrive on the stream, after the backfill. */
    private static final int TAIL = 40;

    private static final Duration APP_START = Duration.ofSeconds(150);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private final FakeMastodon mastodon = new FakeMastodon(STATUSES);

    private StreamServer server;

    @AfterEach
    void stop() {
        mastodon.close();
        if (server != null) {
            server.close();
        }
    }

    private static int indexOf(String uri) {
        return (int) (Long.parseLong(uri.substring(uri.lastIndexOf('/') + 1)) - FakeMastodon.BASE);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldBackfillWhatWasPostedWhileTheAppWasDownLosingNothing() throws Exception {
        server = StreamServer.create()
            .on("/api/v1/streaming/", (exchange, request) -> mastodon.stream(exchange))
            .on("/api/v1/timelines/", (exchange, request) -> mastodon.timeline(exchange))
            .start();
        try (ResumeRun run = new ResumeRun(broker.getBrokersAsString(), "mastodon-resume-it", "mastodon-resume-it")) {
            String[] arguments = {"--tagpulse.source.mode=mastodon",
                "--tagpulse.source.mastodon.instance=" + server.uri(""),
                "--tagpulse.source.mastodon.timeline=public",
                "--tagpulse.source.mastodon.position-key=mastodon-resume-it"};
            Process first = run.startApp("first", arguments);
            await().atMost(APP_START).until(() -> mastodon.connections() == 1);
            Thread poster = new Thread(() -> {
                for (int i = 1; i <= STATUSES - TAIL; i++) {
                    mastodon.publishUpTo(i);
                    try {
                        Thread.sleep(20);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "mastodon-poster");
            poster.setDaemon(true);
            poster.start();

            run.awaitWritten(Duration.ofSeconds(60), 120);
            run.kill(first, idOf(50));
            int publishedAtTheKill = mastodon.published();
            int writtenBeforeKill = run.drain();
            long saved = run.savedPosition();
            assertThat(publishedAtTheKill).as("the kill came before the sequence ended").isLessThan(STATUSES - TAIL);

            Process second = run.startApp("second", arguments);
            await().atMost(APP_START).until(() -> {
                run.poll();
                return run.written.stream().distinct().count() == STATUSES - TAIL;
            });
            // The backfill is done: the tail arrives on the second app's stream.
            mastodon.publishUpTo(STATUSES);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                run.poll();
                return run.written.stream().distinct().count() == STATUSES;
            });
            assertThat(mastodon.connections()).as("the second app's stream, once").isEqualTo(2);
            // Once every status is in, the saved position reaches the last one.
            await().atMost(Duration.ofSeconds(20)).until(() -> run.savedPosition() == idOf(STATUSES));
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            run.drain();

            List<Integer> doubled = run.doubled(MastodonResumeIT::indexOf);
            int lost = run.lost(FakeMastodon.urisOf(1, STATUSES));
            List<String> pages = server.requests().stream().filter(request -> request.contains("/timelines/"))
                .toList();
            String report = "statuses " + STATUSES + ", posted when the first app was killed " + publishedAtTheKill
                    + ", written before the kill " + writtenBeforeKill + ", position saved at the kill: status "
                    + (saved - FakeMastodon.BASE) + ", backfilled in " + pages.size() + " pages, lost " + lost
                    + ", doubled " + doubled.size() + " " + doubled;
            run.report(report);

            assertThat(lost).as(report).isZero();
            assertThat(pages).as(report).first().asString().endsWith("&min_id=" + saved);
            assertThat(doubled).as(report).allSatisfy(index -> assertThat(idOf(index)).isGreaterThan(saved));
            assertThat(run.mostWrites()).as(report).isLessThanOrEqualTo(2);
        }
    }
}
