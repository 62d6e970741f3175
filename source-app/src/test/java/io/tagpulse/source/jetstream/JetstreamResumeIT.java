package io.tagpulse.source.jetstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.tagpulse.source.ResumeRun;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static io.tagpulse.source.jetstream.JetstreamParserTests.postEvent;
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
@Tag("slow")
@SpringJUnitConfig
@EmbeddedKafka(partitions = 4)
class JetstreamResumeIT {

    private static final int POSTS = 400;

    private static final long T0 = 1_763_800_000_000_000L;

    private static final Duration APP_START = Duration.ofSeconds(150);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private PacedJetstream server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(1000);
        }
    }

    private static long timeOf(int index) {
        return T0 + index * 1_000L;
    }

    private static String idOf(int index) {
        return "at://did:plc:abc123/app.bsky.feed.post/p" + index;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldResumeAfterAKillFromTheCursorKeptInKafkaLosingNothing() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= POSTS; i++) {
            events.add(postEvent(timeOf(i), "p" + i, "post " + i, "resume"));
        }
        // The first connection gets a post every 20 ms, so the kill lands mid-stream; later ones get the rest at once.
        server = new PacedJetstream(events, 20);
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.started);

        try (ResumeRun run = new ResumeRun(broker.getBrokersAsString(), "jetstream-resume-it", "resume-it")) {
            String[] arguments = {"--tagpulse.source.mode=jetstream",
                "--tagpulse.source.jetstream.url=ws://127.0.0.1:" + server.getPort() + "/subscribe",
                "--tagpulse.source.jetstream.position-key=resume-it"};
            Process first = run.startApp("first", arguments);
            run.awaitWritten(APP_START, 120);
            run.kill(first, timeOf(50));
            int writtenBeforeKill = run.drain();
            long saved = run.savedPosition();
            assertThat(server.sent).as("the kill came before the sequence ended").isLessThan(POSTS);

            Process second = run.startApp("second", arguments);
            await().atMost(APP_START).until(() -> {
                run.poll();
                return run.written.stream().distinct().count() == POSTS;
            });
            // Once every post is in, the saved cursor reaches the last one: the second app saves what it acknowledged.
            await().atMost(Duration.ofSeconds(20)).until(() -> run.savedPosition() == timeOf(POSTS));
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            run.drain();

            List<Integer> doubled = run.doubled(id -> Integer.parseInt(id.substring(id.lastIndexOf("/p") + 2)));
            int lost = run.lost(IntStream.rangeClosed(1, POSTS).mapToObj(JetstreamResumeIT::idOf).toList());
            String report = "posts " + POSTS + ", written before the kill " + writtenBeforeKill + ", cursor saved at "
                    + "the kill: post " + (saved - T0) / 1_000 + ", lost " + lost + ", doubled " + doubled.size()
                    + " " + doubled + ", second app's request " + server.requests.get(server.requests.size() - 1);
            run.report(report);

            assertThat(lost).as(report).isZero();
            assertThat(server.requests).hasSize(2);
            assertThat(server.requests.get(1)).endsWith("&cursor=" + saved);
            // Doubled only after the cursor saved last: the posts Kafka had taken that no save covered yet.
            assertThat(doubled).as(report).allSatisfy(index -> assertThat(timeOf(index)).isGreaterThan(saved));
            assertThat(run.mostWrites()).as(report).isLessThanOrEqualTo(2);
        }
    }

    /**
     * Jetstream's behaviour that matters here, with a pace: replays from {@code ?cursor=} (inclusive), the first
     * connection one post every {@code pauseMillis}, later ones at once; each connection sent from a thread of its own
     * that ends when the client is gone.
     */
    static final class PacedJetstream extends WebSocketServer {

        final List<String> requests = new CopyOnWriteArrayList<>();

        volatile int sent;

        volatile boolean started;

        private final List<String> events;

        private final long pauseMillis;

        PacedJetstream(List<String> events, long pauseMillis) {
            super(new InetSocketAddress("127.0.0.1", 0));
            this.events = events;
            this.pauseMillis = pauseMillis;
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String request = handshake.getResourceDescriptor();
            requests.add(request);
            boolean first = requests.size() == 1;
            long cursor = request.contains("cursor=") ? Long.parseLong(request.replaceAll(".*cursor=(\\d+).*", "$1"))
                    : Long.MIN_VALUE;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < events.size() && conn.isOpen(); i++) {
                    if (timeOf(i + 1) < cursor) {
                        continue;
                    }
                    try {
                        conn.send(events.get(i));
                        if (first) {
                            sent = i + 1;
                            Thread.sleep(pauseMillis);
                        }
                    }
                    catch (RuntimeException | InterruptedException gone) {
                        return;
                    }
                }
            }, "paced-jetstream-" + requests.size());
            sender.setDaemon(true);
            sender.start();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started = true;
        }
    }
}
