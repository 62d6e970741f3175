package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults in the middle of a fixed corpus, on the six apps as separate processes over a real broker and the real
 * embedded database: each app in turn is killed with SIGKILL while records flow through it and restarted, the HTTP
 * source is killed in the middle of a request (the client re-sends the batch, as a client that got no answer must),
 * and the broker is stopped and started again while the apps run (meanwhile every app's health must say, within
 * seconds, that its binder is DOWN). Afterwards every window's count in the database
 * must equal the brute-force count of the corpus: nothing lost (offsets move only after the results are durable)
 * and nothing doubled (the filter drops re-sent posts by id, the processor and the counter commit with Kafka
 * transactions, the sink's upserts are idempotent). Then the counter is reset and replays the retained mentions, as
 * after a bug fix, and the same exact counts must come back.
 */
class PipelineFaultsIT {

    private static final long WINDOW_MILLIS = 1000;

    private static final int BATCH = 25;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(PipelineFaultsIT.class);

    private static LocalPipeline pipeline;

    private static SourceClient source;

    @BeforeAll
    static void startPipeline() throws IOException {
        // Waits in Kafka while an app is down or the broker restarts need no more grace: windows close only once the
        // processor has read every partition past them.
        pipeline = RUN.start(PipelineRun.options("faults-").withArguments("counter", PipelineRun.CORPUS_COUNTER));
        source = new SourceClient(pipeline);
    }

    @Test
    void shouldKeepEveryWindowExactThroughAKillOfEachAppAndABrokerRestart() throws Exception {
        // In the past, never ahead of the posting (the processor dates a post from the future at its arrival).
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(35);
        Corpus corpus = new Corpus(41, "fault-", base, 30_000, 1_200, WINDOW_MILLIS);
        Iterator<String> batches = corpus.batches(BATCH).iterator();
        List<String> log = new ArrayList<>();

        send(batches, 4);
        for (String app : List.of("filter", "processor", "counter", "sink")) {
            // Records are in flight through the app when it dies; more arrive while it is down.
            send(batches, 2);
            long killed = pipeline.pids().get(app);
            pipeline.kill(app);
            send(batches, 4);
            pipeline.restart(app);
            log.add("killed " + app + " (pid " + killed + "), restarted as pid " + pipeline.pids().get(app));
            RUN.rememberPid(app + "-before", killed);
            send(batches, 2);
        }

        // The source dies in the middle of a request: the client cannot know which posts were acknowledged, so it
        // sends the whole batch again after the restart; the filter must drop the ones that did get through.
        // Four batches in one request, so that the kill is likely to land while the source is still acknowledging.
        String interrupted = batches.next() + batches.next() + batches.next() + batches.next();
        CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> tryPost(interrupted));
        TimeUnit.MILLISECONDS.sleep(10);
        long killedSource = pipeline.pids().get("source");
        pipeline.kill("source");
        int status = inFlight.get(1, TimeUnit.MINUTES);
        pipeline.restart("source");
        post(interrupted);
        RUN.rememberPid("source-before", killedSource);
        log.add("killed source during a request (client saw " + (status < 0 ? "no answer" : status)
                + "), batch re-sent");
        send(batches, 2);

        // The broker stops cleanly and comes back on its data; every app must reconnect on its own.
        long killedBroker = pipeline.pids().get("kafka");
        pipeline.stopBroker();
        // Meanwhile each app's health says the broker is down within seconds (the binders wait 2 s for it, not 60).
        for (String app : LocalPipeline.APPS) {
            await(app + " health with the broker down").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertBrokerDownWithinSeconds(app));
        }
        pipeline.startBroker();
        RUN.rememberPid("kafka-before", killedBroker);
        log.add("broker stopped and restarted as pid " + pipeline.pids().get("kafka"));
        while (batches.hasNext()) {
            // The source answers 5xx until its producer has the broker back: retry as a client would.
            post(batches.next());
        }

        System.out.println("Faults injected: " + String.join("; ", log));
        await("exact counts after the faults").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(SinkDatabase.counts(pipeline.databaseUrl(), WINDOW_MILLIS))
                .isEqualTo(corpus.expectedCounts()));

        // After a bug fix in the counter, its counts are rebuilt from the retained mentions (README, "Replaying"):
        // stop it, reset it like kafka-streams-application-reset, and start it again. The stored counts are deleted
        // first, so that every row that comes back was recomputed.
        pipeline.stop("counter");
        StreamsReset.reset(pipeline.bootstrapServers(), "tagpulse-counter", List.of(Topics.HASHTAGS),
                pipeline.stateDir("counter"));
        assertThat(SinkDatabase.deleteAllCounts(pipeline.databaseUrl())).isPositive();
        pipeline.restart("counter");
        await("exact counts rebuilt by a replay").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(SinkDatabase.counts(pipeline.databaseUrl(), WINDOW_MILLIS))
                .isEqualTo(corpus.expectedCounts()));
    }

    private static void assertBrokerDownWithinSeconds(String app) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(pipeline.url(app) + "/actuator/health"))
                    .timeout(Duration.ofSeconds(15))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(app + " health took").isLessThan(
                Duration.ofSeconds(5));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(TagpulseJson.mapper().readTree(health.body()).at("/components/binders/status").asString(""))
            .as(app + " " + health.body()).isEqualTo("DOWN");
    }

    private static void send(Iterator<String> batches, int count) {
        for (int i = 0; i < count && batches.hasNext(); i++) {
            post(batches.next());
        }
    }

    private static void post(String batch) {
        source.post(batch);
    }

    private static int tryPost(String batch) {
        return source.tryPost(batch);
    }
}
