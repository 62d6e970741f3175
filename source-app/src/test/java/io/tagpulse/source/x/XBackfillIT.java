package io.tagpulse.source.x;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.Topics;
import io.tagpulse.source.ResumeRun;
import io.tagpulse.source.app.SourceApplication;
import io.tagpulse.source.connector.StreamServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backfill on a real (embedded, KRaft) broker: the source app reads a local X stream whose posts are published one
 * every 20 ms whether or not anyone is connected, as X's are. The server cuts the first two connections in the middle
 * of a line; the posts published while the app reconnects would be lost but for {@code backfill_minutes}, and the
 * backfill re-delivers every post already sent, which must not reach Kafka twice. Reports posts lost and doubled.
 */
@Tag("slow")
@SpringJUnitConfig
@EmbeddedKafka(partitions = 4)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // each test's posts on a broker of its own
class XBackfillIT {

    private static final int POSTS = 300;

    private static final long PACE_MILLIS = 20;

    /** The posts at which the first and second connections are cut, mid-line. */
    private static final List<Integer> CUTS = List.of(80, 180);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private StreamServer server;

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static final String ID_PREFIX = "1862120000000000";

    private static String idOf(int index) {
        return ID_PREFIX + "%03d".formatted(index);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldLoseNothingAcrossDisconnectsAndSendNothingTwice() throws Exception {
        PacedXStream stream = serve(new PacedXStream(CUTS));

        app = new SpringApplicationBuilder(SourceApplication.class).run("--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                "--tagpulse.source.mode=x", "--tagpulse.source.x.base-url=" + server.uri(""),
                "--tagpulse.source.x.bearer-token=it", "--tagpulse.source.x.rules[0]=#backfill",
                "--tagpulse.source.x.backoff-initial=300ms", "--tagpulse.source.x.backoff-max=1s");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
            .until(() -> keysOnTopic().size() == POSTS);
        double duplicates = app.getBean(MeterRegistry.class)
            .counter("tagpulse.source.connector.events", "connector", "x", "outcome", "duplicate").count();
        app.close(); // every post on its way is acknowledged or failed before the count below
        Map<String, Long> counts = keysOnTopic();

        int lost = (int) IntStream.range(0, POSTS).filter(i -> !counts.containsKey(idOf(i))).count();
        long doubled = counts.values().stream().filter(count -> count > 1).count();
        String report = "posts " + POSTS + " (one every " + PACE_MILLIS + " ms), connections cut at posts " + CUTS
                + ", published while reconnecting (lost without backfill) " + stream.missedWithoutBackfill
                + ", re-delivered and skipped as duplicate " + (long) duplicates + ", lost " + lost + ", doubled "
                + doubled + ", requests " + stream.requests;
        System.out.println("XBackfillIT: " + report);
        Files.writeString(Path.of("target", "x-backfill-it.txt"), report + "\n", StandardCharsets.UTF_8);

        assertThat(lost).as(report).isZero();
        assertThat(doubled).as(report).isZero();
        assertThat(stream.requests).as(report).hasSize(3);
        assertThat(stream.requests.get(0)).doesNotContain("backfill_minutes");
        assertThat(stream.requests.subList(1, 3)).allSatisfy(uri -> assertThat(uri).endsWith("&backfill_minutes=2"));
        // Each backfill re-delivered every post before its cut: 80, then 180, none sent twice.
        assertThat(duplicates).as(report).isEqualTo(CUTS.get(0) + CUTS.get(1));
        assertThat(stream.missedWithoutBackfill).as("the reconnects left gaps that only the backfill filled")
            .isPositive();
    }

    /**
     * X keeps no position: across a restart of the app (its JVM killed, so nothing is saved or flushed), a start with
     * {@code backfill-on-start} asks for {@code backfill_minutes} on its first connection and gets back what was
     * published while it was down, and what it had already sent (its memory of sent ids died with it), which the
     * filter drops by post id.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldLoseNothingAcrossAKillOfTheAppWhenItBackfillsOnStart() throws Exception {
        PacedXStream stream = serve(new PacedXStream(List.of()));
        try (ResumeRun run = new ResumeRun(broker.getBrokersAsString(), "x-restart-it", "x")) {
            String[] arguments = {"--tagpulse.source.mode=x", "--tagpulse.source.x.base-url=" + server.uri(""),
                "--tagpulse.source.x.bearer-token=it", "--tagpulse.source.x.rules[0]=#backfill",
                "--tagpulse.source.x.backfill-on-start=true"};
            Process first = run.startApp("first", arguments);
            run.awaitWritten(Duration.ofSeconds(150), 60);
            run.kill(first, 0);
            int publishedAtTheKill = stream.publishedBy(System.nanoTime());
            int writtenBeforeKill = run.drain();
            assertThat(publishedAtTheKill).as("the kill came before the sequence ended").isLessThan(POSTS);

            run.startApp("second", arguments);
            await().atMost(Duration.ofSeconds(150)).until(() -> {
                run.poll();
                return run.written.stream().distinct().count() == POSTS;
            });
            run.drain();

            List<Integer> doubled = run.doubled(id -> Integer.parseInt(id.substring(ID_PREFIX.length())));
            int lost = run.lost(IntStream.range(0, POSTS).mapToObj(XBackfillIT::idOf).toList());
            String report = "posts " + POSTS + " (one every " + PACE_MILLIS + " ms from the first connection), "
                    + "published when the first app was killed " + publishedAtTheKill + ", written before the kill "
                    + writtenBeforeKill + ", lost " + lost + ", doubled " + doubled.size() + " (the filter drops "
                    + "them by post id), requests " + stream.requests;
            run.report(report);

            assertThat(lost).as(report).isZero();
            assertThat(stream.requests).as(report).hasSize(2)
                .allSatisfy(uri -> assertThat(uri).endsWith("&backfill_minutes=2"));
            // Doubled only what the first app had written: each post at most twice.
            assertThat(doubled.size()).as(report).isLessThanOrEqualTo(writtenBeforeKill);
            assertThat(run.mostWrites()).as(report).isLessThanOrEqualTo(2);
        }
    }

    /** Starts the local X server: the rules endpoint takes {@code #backfill}, the stream is {@code stream}'s. */
    private PacedXStream serve(PacedXStream stream) throws IOException {
        server = StreamServer.create()
            .on("/2/tweets/search/stream/rules", (exchange, call) -> XStreamTests.respond(exchange, 200,
                    "{\"data\":[{\"id\":\"1\",\"value\":\"#backfill\"}]}"))
            .on("/2/tweets/search/stream", stream::serve)
            .start();
        stream.server = server;
        return stream;
    }

    /**
     * @return how often each of this test's post ids stands on the posts topic, read from its start to its current
     * end (a broker shared with an earlier test may hold other posts)
     */
    private Map<String, Long> keysOnTopic() {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSTS, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(ID_PREFIX)) {
                        counts.merge(record.key(), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /**
     * X's filtered stream as far as backfill goes: post {@code i} is published {@code (i + 1) * PACE_MILLIS} after the
     * first connection, connected or not; a connection gets the posts published from then on, or with {@code
     * backfill_minutes} also those of the minutes before (here: all of them); connection {@code n} is cut in the
     * middle of post {@code CUTS[n - 1]}.
     */
    private static final class PacedXStream {

        final List<String> requests = new CopyOnWriteArrayList<>();

        /** The posts at which the first connections are cut, mid-line, one a connection. */
        private final List<Integer> cuts;

        volatile StreamServer server;

        volatile int missedWithoutBackfill;

        private volatile long startNanos;

        PacedXStream(List<Integer> cuts) {
            this.cuts = cuts;
        }

        int publishedBy(long nanos) {
            long published = (nanos - startNanos) / TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
            return (int) Math.max(0, Math.min(POSTS, published));
        }

        void serve(HttpExchange exchange, int request) throws IOException {
            String uri = exchange.getRequestURI().toString();
            requests.add(uri);
            long now = System.nanoTime();
            if (request == 1) {
                startNanos = now;
            }
            int from = 0;
            if (!uri.contains("backfill_minutes=")) {
                from = publishedBy(now);
            }
            else if (request > 1 && request - 2 < cuts.size()) {
                missedWithoutBackfill += publishedBy(now) - cuts.get(request - 2);
            }
            Integer cut = request <= cuts.size() ? cuts.get(request - 1) : null;
            OutputStream out = StreamServer.openStream(exchange, "application/json");
            try {
                for (int i = from; i < POSTS; i++) {
                    waitUntilPublished(i);
                    String line = XStreamTests.postLine(idOf(i), "backfill") + "\r\n";
                    if (cut != null && i == cut) {
                        StreamServer.send(out, line.substring(0, line.length() / 2));
                        out.close();
                        return;
                    }
                    StreamServer.send(out, line);
                }
            }
            catch (IOException gone) {
                return;
            }
            server.holdOpen(out);
        }

        /** The server's pace, not a test's wait: post {@code index} goes out once X would have it. */
        private void waitUntilPublished(int index) {
            long due = startNanos + (index + 1) * TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
