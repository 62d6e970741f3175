package io.tagpulse.local;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tagpulse.contracts.TagpulseJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trends end to end: the six apps over a real broker, the generator planting events on a schedule it publishes
 * ({@code GET /generator/schedule}), and the trends read back only through the dashboard's query API
 * ({@code /api/trends?scope=}), sampled every few seconds as a person refreshing the page would see them. The
 * schedule is compressed (a language-only surge, then a brand-new tag, a single-author spam flood between them) and
 * so are the counter's horizons (1 minute against 10, a minute of warm-up), so the whole story fits in minutes: the
 * planted surges must trend in their scope, carried by many authors, each once; the flood and the head tag's rise
 * must never appear. What else trends is reported, not asserted: that is the ground-truth test's business.
 */
class TrendsEndToEndIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    @RegisterExtension
    static final PipelineRun RUN = new PipelineRun(TrendsEndToEndIT.class);

    private static LocalPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = RUN.start(PipelineRun.options("trends-")
            .withArguments("source", "--tagpulse.source.mode=generator", "--tagpulse.source.generator.rate=100",
                    "--tagpulse.source.generator.seed=17", "--tagpulse.source.generator.surges=language,new",
                    "--tagpulse.source.generator.surge-start-after=150s",
                    "--tagpulse.source.generator.surge-every=120s", "--tagpulse.source.generator.surge-ramp=30s",
                    "--tagpulse.source.generator.surge-decay=90s",
                    "--tagpulse.source.generator.surge-peak-share=0.1",
                    "--tagpulse.source.generator.spam-start-after=100s",
                    "--tagpulse.source.generator.spam-every=10m", "--tagpulse.source.generator.spam-duration=60s",
                    "--tagpulse.source.generator.spam-share=0.03",
                    "--tagpulse.source.generator.head-rise-over=5m")
            .withArguments("counter", "--tagpulse.counter.trend.short-horizon=1m",
                    "--tagpulse.counter.trend.long-horizon=10m", "--tagpulse.counter.trend.warm-up=1m",
                    "--tagpulse.counter.trend.cooldown=2m"));
    }

    /** A trend as one sample of {@code /api/trends} showed it. */
    record Seen(Instant at, String scope, int rank, String tag, String trendId, String status, long mentions,
            long authors, double score) {
    }

    /** A planned event of the generator's schedule. */
    record Planned(String kind, String tag, String scope, Instant start, Instant end, boolean shouldTrend,
            List<String> companions) {
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void plantedSurgesTrendInTheirScopesOnceAndTheFloodAndTheSlowRiseNever() throws Exception {
        List<Planned> plan = schedule();
        Planned languageSurge = first(plan, "SURGE");
        Planned newTag = first(plan, "NEW_TAG");
        Planned flood = first(plan, "SPAM");
        Planned slowRise = first(plan, "SLOW_RISE");
        assertThat(languageSurge.scope()).startsWith("language:");
        Set<String> scopes = new LinkedHashSet<>(List.of("global", languageSurge.scope()));

        List<Seen> seen = new ArrayList<>();
        List<Seen> latest = new ArrayList<>();
        int rounds = 0;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(9));
        // Until the new tag has trended and the language surge's trend has ended (or the deadline: then the
        // assertions below say what is missing).
        while (Instant.now().isBefore(deadline) && !(trended(seen, newTag.tag(), "global")
                && ended(seen, latest, languageSurge.tag(), languageSurge.scope()))) {
            latest = new ArrayList<>();
            for (String scope : scopes) {
                latest.addAll(sample(scope));
            }
            seen.addAll(latest);
            rounds++;
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        report(plan, seen);

        Seen languageTrend = firstSeen(seen, languageSurge.tag(), languageSurge.scope());
        assertThat(languageTrend).as("the %s surge of #%s trended there", languageSurge.scope(), languageSurge.tag())
            .isNotNull();
        assertThat(languageTrend.authors()).as("carried by many authors").isGreaterThanOrEqualTo(5);
        assertThat(languageTrend.mentions()).isGreaterThanOrEqualTo(10);
        assertThat(ended(seen, latest, languageSurge.tag(), languageSurge.scope()))
            .as("the language surge's trend ended after the surge").isTrue();
        assertThat(firstSeen(seen, newTag.tag(), "global")).as("the new tag #%s trended globally", newTag.tag())
            .isNotNull();
        for (Planned planted : List.of(languageSurge, newTag)) {
            for (String scope : scopes) {
                assertThat(seen.stream().filter(s -> s.tag().equals(planted.tag()) && s.scope().equals(scope))
                    .map(Seen::trendId).distinct())
                    .as("#%s entered %s's list at most once", planted.tag(), scope)
                    .hasSizeLessThanOrEqualTo(1);
            }
        }
        assertThat(seen).as("the single-author flood of #%s never trends", flood.tag())
            .noneMatch(s -> s.tag().equals(flood.tag()));
        assertThat(seen).as("the slow rise of #%s never trends", slowRise.tag())
            .noneMatch(s -> s.tag().equals(slowRise.tag()));
        // The "never" checks above mean something: the pipeline moved, and trends were there to be seen.
        assertThat(rounds).isGreaterThan(10);
    }

    private static List<Planned> schedule() throws Exception {
        JsonNode answer = get(pipeline.url("source") + "/generator/schedule");
        List<Planned> plan = new ArrayList<>();
        for (JsonNode event : answer.get("events")) {
            List<String> companions = new ArrayList<>();
            event.get("companions").forEach(companion -> companions.add(companion.asString()));
            plan.add(new Planned(event.get("kind").asString(), event.get("tag").asString(),
                    event.get("scope").asString(), Instant.parse(event.get("start").asString()),
                    Instant.parse(event.get("end").asString()), event.get("shouldTrend").asBoolean(), companions));
        }
        return plan;
    }

    private static Planned first(List<Planned> plan, String kind) {
        return plan.stream().filter(event -> event.kind().equals(kind)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + kind + " in the generator's schedule: " + plan));
    }

    private static List<Seen> sample(String scope) throws Exception {
        JsonNode answer = get(pipeline.url("dashboard") + "/api/trends?limit=10&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        Instant now = Instant.now();
        List<Seen> trends = new ArrayList<>();
        for (JsonNode trend : answer.get("trends")) {
            trends.add(new Seen(now, scope, trend.get("rank").asInt(), trend.get("tag").asString(),
                    trend.get("trendId").asString(), trend.get("status").asString(), trend.get("mentions").asLong(),
                    trend.get("authors").asLong(), trend.get("score").asDouble()));
        }
        return trends;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return TagpulseJson.mapper().readTree(response.body());
    }

    private static Seen firstSeen(List<Seen> seen, String tag, String scope) {
        return seen.stream().filter(s -> s.tag().equals(tag) && s.scope().equals(scope)).findFirst().orElse(null);
    }

    private static boolean trended(List<Seen> seen, String tag, String scope) {
        return firstSeen(seen, tag, scope) != null;
    }

    /** @return whether the tag trended in the scope and is no longer in its list (its trend ended) */
    private static boolean ended(List<Seen> seen, List<Seen> latest, String tag, String scope) {
        return trended(seen, tag, scope) && latest.stream().noneMatch(s -> s.tag().equals(tag)
                && s.scope().equals(scope));
    }

    /** What the samples showed, against the plan: printed for the record. */
    private static void report(List<Planned> plan, List<Seen> seen) {
        Map<String, Planned> planned = new LinkedHashMap<>();
        plan.forEach(event -> {
            planned.putIfAbsent(event.tag(), event);
            event.companions().forEach(companion -> planned.putIfAbsent(companion, event));
        });
        StringBuilder out = new StringBuilder("Trends seen through /api/trends, by scope and tag:\n");
        Map<String, List<Seen>> byTrend = new TreeMap<>();
        seen.forEach(s -> byTrend.computeIfAbsent(s.scope() + " #" + s.tag(), key -> new ArrayList<>()).add(s));
        byTrend.forEach((key, samples) -> {
            Seen first = samples.get(0);
            Planned event = planned.get(first.tag());
            String why = event == null ? "unplanned"
                    : event.tag().equals(first.tag()) ? event.kind() + " in " + event.scope()
                            + " (first seen " + Duration.between(event.start(), first.at()).toSeconds()
                            + " s after it began)"
                            : "companion of #" + event.tag();
            long maxMentions = samples.stream().mapToLong(Seen::mentions).max().orElse(0);
            long maxAuthors = samples.stream().mapToLong(Seen::authors).max().orElse(0);
            out.append("  %-40s %3d samples, best rank %d, up to %d mentions by %d authors, statuses %s: %s%n"
                .formatted(key, samples.size(), samples.stream().mapToInt(Seen::rank).min().orElse(0), maxMentions,
                        maxAuthors, samples.stream().map(Seen::status).distinct().toList(), why));
        });
        System.out.print(out);
    }
}
