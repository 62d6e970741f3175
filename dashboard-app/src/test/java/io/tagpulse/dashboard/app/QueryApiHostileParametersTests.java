package io.tagpulse.dashboard.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.dashboard.SinkTables;
import io.tagpulse.web.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parameter of every query endpoint, given hostile values (negative, huge, NaN, overflowing, SQL-ish,
 * other scripts' digits, empty, repeated, impossible dates, 'from' after 'to', ranges and results over their
 * maxima), on the running app (real server, H2): each is answered 400 with exactly {@code {"error": "..."}} naming
 * the parameter, never a 500, never a stack trace. The same endpoints without those values answer 200, so the 400
 * is the value's. Tags that are odd but valid are searched as bound parameters (404, unknown tag).
 */
class QueryApiHostileParametersTests {

    /** Small, so that a test can store more windows of one tag than one answer lists. */
    private static final int MAX_TAG_WINDOWS = 5;

    private static ConfigurableApplicationContext app;

    private static String base;

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(DashboardApplication.class, TestChannelBinderConfiguration.class,
                SinkSchemaConfiguration.class).run(
                "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:dashboard-hostile;DB_CLOSE_DELAY=-1",
                "--tagpulse.dashboard.api.max-tag-windows=" + MAX_TAG_WINDOWS,
                "--tagpulse.dashboard.api.rate-limit.requests-per-second=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        // "many" has one window more than an answer may list (the last minute), "few" exactly as many.
        Instant start = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<HashtagCount> counts = new ArrayList<>();
        IntStream.range(0, MAX_TAG_WINDOWS + 1)
            .forEach(i -> counts.add(new HashtagCount("many", start.plusSeconds(i), start.plusSeconds(i + 1), 1)));
        IntStream.range(0, MAX_TAG_WINDOWS)
            .forEach(i -> counts.add(new HashtagCount("few", start.plusSeconds(i), start.plusSeconds(i + 1), 1)));
        app.getBean(SinkTables.class).store(counts);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static final String DAY = "2026-01-01T00:00:00Z";

    private static final String NEXT_DAY = "2026-01-02T00:00:00Z";

    private static final List<String> INSTANTS = List.of("-1", "NaN", "99999999999999999999", "1767225600000",
            "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01", "now",
            "' OR '1'='1", DAY + "' OR 1=1 --", "２０２６-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "日本", "\u0000", "", " ");

    private static final List<String> NUMBERS = List.of("0", "-1", "NaN", "Infinity", "1e3", "1.5", "0x10",
            "99999999999999999999", "2147483648", "-2147483649", "１０", "١٠", "' OR 1=1 --", "5; DROP TABLE trends");

    private static final List<String> WINDOWS = List.of("5m", "0s", "-1s", "NaN", "PT-1S", "P99999999999999D",
            "9999999999s", "1s' --", "１s", "1 s", "日本", "", " ");

    private static final List<String> RESOLUTIONS = List.of("0s", "-1s", "NaN", "500ms", "1500ms", "PT0.0001S",
            "P999999999999D", "99999999999d", "auto' --", "１s", "", " ");

    private static final List<String> SCOPES = List.of("klingon", "language:", "language:" + "e".repeat(41),
            "platform:' OR 1=1 --", "global' --", "global:x", "LANGUAGE:EN", "language:日本", "x".repeat(61), "",
            " ");

    /** endpoint, parameter, a hostile value: 400 naming the parameter. */
    static Stream<Arguments> hostileValues() {
        List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of("/api/tags/top", "/api/series?tag=kafka", "/api/tags/kafka/series",
                "/api/trends/history")) {
            for (String parameter : List.of("from", "to")) {
                INSTANTS.forEach(value -> cases.add(Arguments.of(endpoint, parameter, value)));
            }
        }
        for (String endpoint : List.of("/api/tags/top", "/api/series?tag=kafka", "/api/tags/kafka/series",
                "/api/windows/latest")) {
            WINDOWS.forEach(value -> cases.add(Arguments.of(endpoint, "window", value)));
        }
        RESOLUTIONS.forEach(value -> cases.add(Arguments.of("/api/series?tag=kafka", "resolution", value)));
        // Limits: each endpoint's hostile numbers, its maximum + 1, empty.
        record Limit(String endpoint, int max) {
        }
        for (Limit limit : List.of(new Limit("/api/tags/top", 100), new Limit("/api/trends", 100),
                new Limit("/api/trends/history", 1000), new Limit("/api/moderation", 1000))) {
            Stream.concat(NUMBERS.stream(), Stream.of(String.valueOf(limit.max() + 1), "", " "))
                .forEach(value -> cases.add(Arguments.of(limit.endpoint(), "limit", value)));
        }
        // Mastodon's: above 20 is read as 20 and empty as the default, as Mastodon does; the rest are refused.
        NUMBERS.forEach(value -> cases.add(Arguments.of("/api/v1/trends/tags", "limit", value)));
        Stream.concat(NUMBERS.stream().filter(value -> !value.equals("0")), Stream.of("1001"))
            .forEach(value -> cases.add(Arguments.of("/api/v1/trends/tags", "offset", value)));
        for (String endpoint : List.of("/api/trends", "/api/trends/history")) {
            SCOPES.forEach(value -> cases.add(Arguments.of(endpoint, "scope", value)));
        }
        for (String value : List.of("x".repeat(401), "", " ")) {
            cases.add(Arguments.of("/api/trends/global/kafka", "trendId", value));
        }
        for (String value : List.of("", "#", "   ", "x".repeat(501), "#" + "x".repeat(501), "x".repeat(3000))) {
            cases.add(Arguments.of("/api/series", "tag", value));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("hostileValues")
    void shouldAnswer400NamingTheParameter(String endpoint, String parameter, String value) throws Exception {
        assertNamedBadRequest(get(endpoint + (endpoint.contains("?") ? "&" : "?") + parameter + "="
                + encode(value)), parameter);
    }

    /** endpoint, parameter, two valid values: repeated, a single-valued parameter is refused. */
    static Stream<Arguments> repeatedParameters() {
        return Stream.of(Arguments.of("/api/tags/top", "from", DAY), Arguments.of("/api/tags/top", "to", DAY),
                Arguments.of("/api/tags/top", "limit", "5"), Arguments.of("/api/tags/top", "window", "1s"),
                Arguments.of("/api/series?tag=kafka", "resolution", "10s"),
                Arguments.of("/api/series?tag=kafka", "window", "1s"),
                Arguments.of("/api/tags/kafka/series", "from", DAY),
                Arguments.of("/api/windows/latest", "window", "1m"), Arguments.of("/api/trends", "scope", "global"),
                Arguments.of("/api/trends", "limit", "5"), Arguments.of("/api/trends/history", "to", DAY),
                Arguments.of("/api/v1/trends/tags", "limit", "5"), Arguments.of("/api/v1/trends/tags", "offset", "5"),
                Arguments.of("/api/moderation", "limit", "5"));
    }

    @ParameterizedTest(name = "{0} {1}={2} twice")
    @MethodSource("repeatedParameters")
    void shouldRefuseARepeatedSingleValuedParameter(String endpoint, String parameter, String value)
            throws Exception {
        String pair = parameter + "=" + encode(value);
        assertNamedBadRequest(get(endpoint + (endpoint.contains("?") ? "&" : "?") + pair + "&" + pair), parameter);
    }

    /** query (or path), the parameter its 400 names: ranges out of order or too long, too much asked. */
    static Stream<Arguments> rangesAndSizes() {
        String reversed = "from=" + NEXT_DAY + "&to=" + DAY;
        String twoDays = "from=" + DAY + "&to=2026-01-03T00:00:00Z";
        String tooManyTags = String.join("&", IntStream.rangeClosed(1, 11).mapToObj(i -> "tag=t" + i).toList());
        return Stream.of(Arguments.of("/api/tags/top?" + reversed, "from"),
                Arguments.of("/api/series?tag=kafka&" + reversed, "from"),
                Arguments.of("/api/tags/kafka/series?" + reversed, "from"),
                Arguments.of("/api/trends/history?" + reversed, "from"),
                Arguments.of("/api/tags/top?" + twoDays, "from"),
                Arguments.of("/api/series?tag=kafka&" + twoDays, "from"),
                Arguments.of("/api/tags/kafka/series?" + twoDays, "from"),
                Arguments.of("/api/tags/top?window=1m&from=2026-01-01T00:00:00Z&to=2026-03-03T00:00:00Z", "from"),
                Arguments.of("/api/trends/history?from=" + DAY + "&to=2026-01-09T00:00:00Z", "from"),
                Arguments.of("/api/series?tag=kafka&resolution=1s&from=" + DAY + "&to=2026-01-01T02:00:00Z",
                        "resolution"),
                Arguments.of("/api/series?" + tooManyTags, "tag"),
                Arguments.of("/api/tags/" + "x".repeat(501) + "/series", "tag"),
                Arguments.of("/api/tags/%23/series", "tag"),
                Arguments.of("/api/trends/klingon/kafka", "scope"),
                Arguments.of("/api/trends/global/" + "x".repeat(501), "tag"),
                Arguments.of("/api/tags/many/series?from=" + Instant.now().minusSeconds(120) + "&to=" + Instant.now(),
                        "from"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangesAndSizes")
    void shouldRefuseRangesAndSizesOverTheirBounds(String pathAndQuery, String parameter) throws Exception {
        assertNamedBadRequest(get(pathAndQuery), parameter);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/tags/top", "/api/series?tag=few", "/api/tags/few/series", "/api/windows/latest",
            "/api/windows", "/api/trends", "/api/trends/history", "/api/trends/scopes", "/api/v1/trends/tags",
            "/api/moderation", "/api/dashboard", "/api/tags/top?limit=100&window=1m", "/api/v1/trends/tags?limit=500",
            "/api/v1/trends/tags?limit=&offset=", "/api/series?tag=few&resolution=auto" })
    void shouldAnswerTheSameEndpointsWithValidParameters(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);

        assertThat(response.statusCode()).as("%s -> %s", pathAndQuery, response.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "' OR '1'='1", "kafka'; DROP TABLE hashtag_counts; --", "日本語", "café", "😀x",
            "Robert'); --", "%27" })
    void shouldSearchOddButValidTagsAsBoundValues(String tag) throws Exception {
        HttpResponse<String> response = get("/api/series?tag=" + encode(tag));

        assertThat(response.statusCode()).as("%s -> %s", tag, response.body()).isIn(400, 404);
        JsonNode body = TagpulseJson.mapper().readTree(response.body());
        assertThat(body.get("error").isString()).isTrue();
        assertThat(get("/api/tags/few/series").statusCode()).as("the table is still there").isEqualTo(200);
    }

    private static void assertNamedBadRequest(HttpResponse<String> response, String parameter) throws Exception {
        String request = response.request().uri().toString();
        String shown = request.length() > 200 ? request.substring(0, 200) + "…" : request;
        assertThat(response.statusCode()).as("%s -> %s", shown, response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = TagpulseJson.mapper().readTree(response.body());
        assertThat(body.propertyNames()).as(shown).containsExactly("error");
        assertThat(body.get("error").asString()).as(shown).contains("'" + parameter + "'");
        HttpProbe.assertNoInternals(response);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
