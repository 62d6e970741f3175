package io.tagpulse.source.jetstream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tagpulse.source.SavedPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static io.tagpulse.source.jetstream.JetstreamApps.T0;
import static io.tagpulse.source.jetstream.JetstreamApps.timeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume wherever the app runs, on a real (embedded, KRaft) broker: the source app, in a JVM of its own, reads a
 * Jetstream-speaking server's known sequence of posts, is killed outright (SIGKILL: no shutdown, no last save)
 * midway, and a second app, with nothing of the first but the broker, resumes from the cursor the first kept in the
 * positions topic. Every post reaches {@code tagpulse.posts} (none lost), and the only ones written twice are after
 * the cursor saved last before the kill: acknowledged by Kafka, not yet covered by a save (the save runs every second),
 * which the filter's deduplication by post id removes downstream.
 */
@JetstreamBrokerTest
class JetstreamResumeIT {

    private static final int POSTS = 400;

    private static final Duration APP_START = Duration.ofSeconds(150);

    @Autowired
    private EmbeddedKafkaBroker broker;

    @RegisterExtension
    final JetstreamApps apps = new JetstreamApps();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldResumeAfterAKillFromTheCursorKeptInKafkaLosingNothing() throws Exception {
        // The first connection gets a post every 20 ms, so the kill lands mid-stream; later ones get the rest at once.
        PacedJetstream server = apps.serve(broker.getBrokersAsString(),
                new PacedJetstream(JetstreamApps.events(POSTS), 20, false), "resume-it");
        SavedPosition cursor = apps.cursor();
        List<String> written = apps.written();

        JetstreamApps.App first = apps.start("jetstream-resume", "first");
        await().atMost(APP_START).until(() -> {
            apps.poll();
            return written.size() >= 120;
        });
        // Wait for a save that covers part of what was written, so that the kill leaves a cursor behind.
        await().atMost(Duration.ofSeconds(20)).until(() -> cursor.read() >= timeOf(50));
        first.kill();
        int writtenBeforeKill = apps.drain();
        long saved = cursor.readToEnd();
        assertThat(server.sent).as("the kill came before the sequence ended").isLessThan(POSTS);

        JetstreamApps.App second = apps.start("jetstream-resume", "second");
        await().atMost(APP_START).until(() -> {
            apps.poll();
            return written.stream().distinct().count() == POSTS;
        });
        // Once every post is in, the saved cursor reaches the last one: the second app saves what it acknowledged.
        await().atMost(Duration.ofSeconds(20)).until(() -> cursor.read() == timeOf(POSTS));
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        apps.drain();

        Map<Integer, Long> counts = JetstreamApps.counts(written);
        List<Integer> doubled = JetstreamApps.doubled(counts);
        int lost = JetstreamApps.lost(counts, POSTS).size();
        String report = "posts " + POSTS + ", written before the kill " + writtenBeforeKill + ", cursor saved at "
                + "the kill: post " + (saved - T0) / 1_000 + ", lost " + lost + ", doubled " + doubled.size()
                + " " + doubled + ", second app's request " + server.requests.get(server.requests.size() - 1);
        System.out.println("JetstreamResumeIT: " + report);
        Files.writeString(Path.of("target", "jetstream-resume-it.txt"), report + "\n", StandardCharsets.UTF_8);

        assertThat(lost).as(report).isZero();
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1)).endsWith("&cursor=" + saved);
        // Doubled only after the cursor saved last: the posts Kafka had taken that no save covered yet.
        assertThat(doubled).as(report).allSatisfy(index -> assertThat(timeOf(index)).isGreaterThan(saved));
        assertThat(counts.values()).as(report).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
    }
}
