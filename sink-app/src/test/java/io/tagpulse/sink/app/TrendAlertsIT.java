package io.tagpulse.sink.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.sink.ModerationRepository;
import io.tagpulse.sink.TrendAlertMessage;
import io.tagpulse.sink.TrendAlertRepository;
import io.tagpulse.sink.TrendRepository;
import io.tagpulse.sink.Trends;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trend alerts on a real broker, with a real webhook receiver (the JDK's HTTP server) that answers as each test
 * scripts it: retries with Retry-After end in exactly one delivery with the same idempotency key on every attempt, a
 * hidden tag is not announced, a slow receiver holds up neither storing nor other alerts, and a pending alert no
 * sink is sending is resumed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tagpulse.sink.retention=0", "tagpulse.sink.trend-history=0",
        "spring.datasource.url=jdbc:h2:mem:sink-alerts-it;DB_CLOSE_DELAY=-1",
        "tagpulse.sink.alerts.secret=s3cret", "tagpulse.sink.alerts.dashboard-url=https://tagpulse.example/",
        "tagpulse.sink.alerts.initial-backoff=100ms", "tagpulse.sink.alerts.max-backoff=400ms",
        "tagpulse.sink.alerts.request-timeout=1s", "tagpulse.sink.alerts.resume-interval=1s",
        "tagpulse.sink.alerts.max-attempts=30",
        // The topics are new: the alerts group reads them from the start (by default a new group starts at the end).
        "spring.cloud.stream.kafka.bindings.alerts.consumer.start-offset=earliest" })
@EmbeddedKafka(partitions = 4, topics = { Topics.HASHTAG_COUNTS, Topics.TRENDS, Topics.TREND_MODERATION,
        Topics.DEAD_LETTER }, bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class TrendAlertsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final Receiver RECEIVER = new Receiver();

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private TrendRepository trends;

    @Autowired
    private TrendAlertRepository alerts;

    @Autowired
    private ModerationRepository moderation;

    @Autowired
    private MeterRegistry registry;

    private KafkaProducer<String, String> producer;

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("tagpulse.sink.alerts.webhook-url", () -> "http://localhost:" + RECEIVER.port() + "/hooks/trends");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @BeforeEach
    void startProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    private void send(TrendUpdate... records) {
        for (TrendUpdate trend : records) {
            producer.send(new ProducerRecord<>(Topics.TRENDS, TrendUpdate.key(trend.scope(), trend.tag()),
                    TagpulseJson.writeString(trend)));
        }
        producer.flush();
    }

    private void awaitAlert(String trendId, String state) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(alerts.find(trendId))
            .hasValueSatisfying(alert -> assertThat(alert.state()).isEqualTo(state)));
    }

    /** @return the time now, in the precision the tables keep (milliseconds) */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private double alertsOutcome(String outcome) {
        return registry.counter(SinkApplication.ALERTS_METRIC, "outcome", outcome).count();
    }

    @Test
    void shouldDeliverExactlyOnceAfter503And429WithRetryAfterUsingOneIdempotencyKey() {
        Instant start = now();
        TrendUpdate first = Trends.started("flaky", start);
        RECEIVER.script("flaky", 503, 429, 200);
        double retried = alertsOutcome("retried");

        send(first, Trends.trend("global", "flaky", start, start.plusSeconds(5), TrendUpdate.HOT, 90),
                Trends.trend("global", "flaky", start, start.plusSeconds(10), TrendUpdate.HOT, 120));

        awaitAlert(first.trendId(), TrendAlertRepository.SENT);
        TrendAlertRepository.Alert alert = alerts.find(first.trendId()).orElseThrow();
        assertThat(alert.attempts()).isEqualTo(3);
        assertThat(alert.lastError()).startsWith("HTTP 429");
        List<Request> requests = RECEIVER.requests("flaky");
        assertThat(requests).extracting(Request::status).containsExactly(503, 429, 200);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.idempotencyKey()).isEqualTo(first.trendId());
            assertThat(request.signature()).isEqualTo(TrendAlertMessage.signature("s3cret",
                    request.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(request.body()).isEqualTo(new String(TrendAlertMessage.body(first, "https://tagpulse.example/"),
                    StandardCharsets.UTF_8));
        });
        // The 429 asked for a second, and got it.
        assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(990));
        assertThat(alertsOutcome("retried")).isGreaterThanOrEqualTo(retried + 2);

        // A marker trend announced after the later records of the flaky one proves no second alert is coming.
        TrendUpdate marker = Trends.started("markerafterflaky", now());
        send(Trends.trend("global", "flaky", start, start.plusSeconds(15), TrendUpdate.COOLING, 40), marker);
        awaitAlert(marker.trendId(), TrendAlertRepository.SENT);
        assertThat(RECEIVER.requests("flaky")).hasSize(3);
    }

    @Test
    void shouldNotAnnounceATrendHiddenBeforeItsFirstRecord() throws Exception {
        producer.send(new ProducerRecord<>(Topics.TREND_MODERATION, "tag:hiddentrend", """
                {"action":"HIDE","subject":"#HiddenTrend","by":"alice","reason":"spam","at":"%s"}"""
            .formatted(now()))).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> moderation.exclusion("hiddentrend").isPresent());
        TrendUpdate hidden = Trends.started("hiddentrend", now());
        TrendUpdate marker = Trends.started("markerafterhidden", now());

        send(hidden, marker);

        awaitAlert(marker.trendId(), TrendAlertRepository.SENT);
        assertThat(alerts.find(hidden.trendId())).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(TrendAlertRepository.SKIPPED);
            assertThat(alert.attempts()).isZero();
            assertThat(alert.lastError()).contains("hidden by alice");
        });
        assertThat(RECEIVER.requests("hiddentrend")).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(trends.find(hidden.trendId())).contains(hidden));
    }

    @Test
    void shouldStoreTrendsAndSendOtherAlertsWhileTheReceiverHangs() {
        RECEIVER.hang("deadreceiver");
        try {
            Instant start = now();
            TrendUpdate stuck = Trends.started("deadreceiver", start);
            send(stuck);
            await().atMost(WAIT).until(() -> alerts.find(stuck.trendId())
                .filter(alert -> alert.attempts() >= 2).isPresent());

            TrendUpdate[] later = new TrendUpdate[20];
            for (int i = 0; i < later.length; i++) {
                later[i] = Trends.trend("language:en", "stored" + i, start, start, TrendUpdate.RISING, 10 + i);
            }
            send(later);
            TrendUpdate marker = Trends.started("markerafterdead", now());
            send(marker);

            // Stored, and announced, while every attempt for the stuck trend waits out its timeout.
            await().atMost(WAIT).untilAsserted(() -> assertThat(trends.find(marker.trendId())).contains(marker));
            for (TrendUpdate trend : later) {
                assertThat(trends.find(trend.trendId())).contains(trend);
            }
            awaitAlert(marker.trendId(), TrendAlertRepository.SENT);
            assertThat(alerts.find(stuck.trendId())).hasValueSatisfying(alert -> {
                assertThat(alert.state()).isEqualTo(TrendAlertRepository.PENDING);
                assertThat(alert.lastError()).startsWith("no answer within PT1S");
            });
        }
        finally {
            RECEIVER.release("deadreceiver");
        }
    }

    @Test
    void shouldResumeAPendingAlertThatNoSinkIsSending() {
        // What a sink leaves behind when it stops after claiming an alert: a PENDING row and the stored trend.
        TrendUpdate orphan = Trends.started("orphaned", now().minusSeconds(5));
        trends.upsert(List.of(orphan));
        alerts.claim(orphan.trendId(), now().minusSeconds(5));
        alerts.startAttempt(orphan.trendId(), 0, now().minusSeconds(3));

        awaitAlert(orphan.trendId(), TrendAlertRepository.SENT);
        assertThat(alerts.find(orphan.trendId()).orElseThrow().attempts()).isEqualTo(2);
        assertThat(RECEIVER.requests("orphaned")).singleElement()
            .satisfies(request -> assertThat(request.idempotencyKey()).isEqualTo(orphan.trendId()));
    }

    /** One request the receiver got, and what it answered. */
    record Request(String tag, String idempotencyKey, String signature, String body, int status, Instant at) {
    }

    /** A webhook receiver answering 200 unless a tag's answers are scripted, or it is told to hang for a tag. */
    static final class Receiver {

        private final HttpServer server;

        private final List<Request> requests = new CopyOnWriteArrayList<>();

        private final Map<String, int[]> scripts = new ConcurrentHashMap<>();

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        private final Map<String, CountDownLatch> hanging = new ConcurrentHashMap<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/hooks/trends", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void script(String tag, int... statuses) {
            scripts.put(tag, statuses);
        }

        void hang(String tag) {
            hanging.put(tag, new CountDownLatch(1));
        }

        void release(String tag) {
            CountDownLatch latch = hanging.remove(tag);
            if (latch != null) {
                latch.countDown();
            }
        }

        List<Request> requests(String tag) {
            return requests.stream().filter(request -> request.tag().equals(tag)).toList();
        }

        void stop() {
            hanging.values().forEach(CountDownLatch::countDown);
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String tag = TagpulseJson.mapper().readTree(body).get("tag").asString();
                CountDownLatch latch = hanging.get(tag);
                if (latch != null) {
                    try {
                        latch.await(30, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                int call = calls.computeIfAbsent(tag, t -> new AtomicInteger()).getAndIncrement();
                int[] script = scripts.get(tag);
                int status = script != null && call < script.length ? script[call] : 200;
                if (status == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                requests.add(new Request(tag, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        exchange.getRequestHeaders().getFirst("X-Tagpulse-Signature"), body, status, Instant.now()));
                exchange.sendResponseHeaders(status, -1);
            }
        }
    }
}
