package io.tagpulse.dashboard.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.tagpulse.contracts.HashtagCount;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.SinkTables;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium (Debian's {@code /usr/bin/chromium} through {@code
 * /usr/bin/chromedriver}; never a downloaded browser), on the app running on the Kafka binder against an embedded
 * KRaft broker and an in-memory H2 holding the sink's tables. Counts and trends are stored as the sink stores them,
 * and the live updates also go through the counter's topics, which the app follows; the page must chart them, list
 * them, chart a searched tag, update live, show a hostile tag as text, list a scope's trends with their status, live,
 * and switch scope and window size. Screenshots go to
 * {@code target/screenshots}. Without Chromium the tests fail (CI installs it), never skip.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:dashboard-browser-it;DB_CLOSE_DELAY=-1",
        "tagpulse.dashboard.refresh=500ms",
        "tagpulse.dashboard.api.stream-interval=300ms" })
@Import(SinkSchemaConfiguration.class)
@EmbeddedKafka(partitions = 4, topics = { Topics.HASHTAG_COUNTS, Topics.TRENDS, Topics.TREND_MODERATION,
        Topics.DEAD_LETTER },
        bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers",
        brokerProperties = { "offsets.topic.num.partitions=4" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    /** How many seconds of counts are fed (ending 20 seconds before the test starts). */
    private static final int FED_SECONDS = 150;

    // Six tags busier than "searchme": the dashboard charts the top five, so "searchme" appears only when searched.
    private static final Map<String, String> TOP_TAGS = new LinkedHashMap<>();

    static {
        TOP_TAGS.put("kafka", "Kafka");
        TOP_TAGS.put(HOSTILE, HOSTILE);
        TOP_TAGS.put("java", "Java");
        TOP_TAGS.put("streams", "Streams");
        TOP_TAGS.put("spring", "Spring");
        TOP_TAGS.put("flink", "Flink");
    }

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private SinkTables tables;

    @LocalServerPort
    private int port;

    private KafkaProducer<String, String> producer;

    private ChromeDriver browser;

    private Path profile;

    /** The seconds fed, the first 20 seconds of the minute before the test. */
    private Instant base;

    private final List<String> failedSends = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What was fed per tag: window start (epoch ms) to count. */
    private final Map<String, Map<Long, Long>> fed = new LinkedHashMap<>();

    @BeforeAll
    void feedThePipelineAndStartChromium() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
            .as("The dashboard's browser tests need Debian's Chromium and ChromeDriver at %s and %s: "
                    + "apt-get install -y chromium chromium-driver (.ci/run installs them)", CHROMIUM, CHROMEDRIVER)
            .isTrue();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());

        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(FED_SECONDS + 20);
        int weight = TOP_TAGS.size() + 1;
        for (Map.Entry<String, String> tag : TOP_TAGS.entrySet()) {
            for (int second = 0; second < FED_SECONDS; second++) {
                // Waves, each tag on its own level, and now and then a second without mentions.
                long count = (second % 37 == 3) ? 0
                        : Math.round(weight * (4 + 2 * Math.sin(second / 9.0 + weight)) + (second % 3));
                if (count > 0) {
                    send(tag.getKey(), tag.getValue(), second, count);
                }
            }
            weight--;
        }
        send("searchme", "SearchMe", 4, 2);
        send("searchme", "SearchMe", 9, 1);
        send("searchme", "SearchMe", 9, 3); // a later running total replaces the earlier one
        // Trends as the sink stores them: two in the global scope, one in English only.
        tables.store(trend("global", HOSTILE, TrendUpdate.HOT, 7.5, 21));
        tables.store(trend("global", "kafka", TrendUpdate.RISING, 4.25, 45));
        tables.store(trend("language:en", "englishonly", TrendUpdate.COOLING, 3.0, 12));
        producer.flush();
        assertThat(failedSends).isEmpty();

        profile = Files.createTempDirectory("tagpulse-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + profile);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is named explicitly, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (producer != null) {
            producer.close();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** A trend of a tag in a scope that started 100 s into the fed seconds, assessed at their end. */
    private TrendUpdate trend(String scope, String tag, String status, double score, long mentions) {
        Instant started = base.plusSeconds(100);
        return new TrendUpdate(TrendUpdate.trendId(scope, tag, started), scope, tag, status, started,
                started.plusSeconds(20), mentions * 3, null, base.plusSeconds(FED_SECONDS), mentions, mentions / 3,
                mentions / 4.0, score, mentions * 2, List.of(new RelatedTag("with" + tag.length(), mentions / 2)),
                false, null);
    }

    /** Stores the count as the sink does, and writes it to the counts topic as the counter does. */
    private void send(String tag, String display, int second, long count) {
        Instant start = base.plusSeconds(second);
        HashtagCount record = new HashtagCount(tag, start, start.plusSeconds(1), count, display);
        tables.store(List.of(record));
        producer.send(new ProducerRecord<>(Topics.HASHTAG_COUNTS, tag, TagpulseJson.writeString(record)),
                (metadata, exception) -> {
                    if (exception != null) {
                        failedSends.add(record + ": " + exception);
                    }
                });
        fed.computeIfAbsent(tag, key -> new LinkedHashMap<>()).put(start.toEpochMilli(), count);
    }

    /** @return the chart's datasets as Chart.js holds them: label, tag and the non-zero points (x ms, y per second) */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> chartedSeries() {
        Object result = ((JavascriptExecutor) browser).executeScript("""
                const chart = window.Chart && window.Chart.getChart('chart');
                if (!chart) { return null; }
                return chart.data.datasets.map((dataset, i) => ({
                  label: dataset.label,
                  tag: dataset.tag,
                  drawn: chart.getDatasetMeta(i).data.length,
                  points: dataset.data.filter((p) => p.y > 0).map((p) => [p.x, p.y]),
                }));""");
        return result == null ? List.of() : (List<Map<String, Object>>) result;
    }

    /** @return the non-zero points of the charted tag: window start (ms) to mentions per second */
    @SuppressWarnings("unchecked")
    private static Map<Long, Long> points(Map<String, Object> dataset) {
        Map<Long, Long> points = new LinkedHashMap<>();
        for (List<Number> point : (List<List<Number>>) dataset.get("points")) {
            points.put(point.get(0).longValue(), Math.round(point.get(1).doubleValue()));
        }
        return points;
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private List<String> severeConsoleEntries() {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        return severe;
    }

    /** @return how many {@code counts} events of the live stream the page has received */
    private long liveUpdates() {
        String updates = browser.findElement(By.id("live")).getDomAttribute("data-updates");
        return updates == null ? 0 : Long.parseLong(updates);
    }

    /** @return the tags of the trends panel, in its order (read in one script: the page re-renders the list) */
    @SuppressWarnings("unchecked")
    private List<String> trendTags() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('#trends-list li[data-tag]'),
                  (item) => item.dataset.tag);""");
    }

    /** @return the status badge the trends panel shows for a tag, null when it lists no such tag */
    private String badge(String tag) {
        return (String) ((JavascriptExecutor) browser).executeScript("""
                const item = Array.from(document.querySelectorAll('#trends-list li[data-tag]'))
                  .find((candidate) => candidate.dataset.tag === arguments[0]);
                return item ? item.querySelector('.badge').textContent : null;""", tag);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    @Order(1)
    void shouldLoadWithoutConsoleErrorsAndChartTheTopTagsFedThroughThePipeline() throws IOException {
        browser.get("http://localhost:" + port + "/");

        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> series = chartedSeries();
            assertThat(series).extracting(dataset -> dataset.get("tag"))
                .containsExactly("kafka", HOSTILE, "java", "streams", "spring");
            for (Map<String, Object> dataset : series) {
                String tag = (String) dataset.get("tag");
                assertThat(points(dataset)).as(tag).isEqualTo(fed.get(tag));
                assertThat(((Number) dataset.get("drawn")).intValue()).as(tag).isPositive();
            }
            assertThat(series.get(0).get("label")).isEqualTo("#Kafka");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(text("legend")).contains("#Kafka", "#Java", "#" + HOSTILE);
            assertThat(text("top-list")).contains("#Kafka", "#Flink", "#" + HOSTILE);
            assertThat(trendTags()).containsExactly(HOSTILE, "kafka");
            assertThat(text("trends-list")).contains("#" + HOSTILE, "hot", "#kafka", "rising", "45 mentions",
                    "15 authors", "×4.0");
            assertThat(text("live")).isEqualTo("live");
        });
        screenshot("dashboard");

        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    @Order(2)
    void shouldRenderTheHostileTagAsTextWithoutRunningIt() throws IOException {
        String body = browser.findElement(By.tagName("body")).getText();
        assertThat(body).contains("#" + HOSTILE);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("[onerror]"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        screenshot("hostile-tag");
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    @Order(3)
    void shouldUpdateTheChartLiveWithoutReload() throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.tagpulseSamePage = true;");
        long updatesBefore = liveUpdates();
        send("kafka", "Kafka", FED_SECONDS, 77);
        producer.flush();
        assertThat(failedSends).isEmpty();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> kafka = chartedSeries().stream()
                .filter(dataset -> "kafka".equals(dataset.get("tag")))
                .findFirst()
                .orElseThrow();
            assertThat(points(kafka)).containsEntry(base.plusSeconds(FED_SECONDS).toEpochMilli(), 77L);
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.tagpulseSamePage === true;"))
            .as("the page was not reloaded").isEqualTo(true);
        assertThat(liveUpdates()).as("counts events received from /api/stream").isGreaterThan(updatesBefore);
        screenshot("live-update");
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    @Order(4)
    void shouldChartASearchedTag() throws IOException {
        assertThat(chartedSeries()).extracting(dataset -> dataset.get("tag")).doesNotContain("searchme");

        WebElement input = browser.findElement(By.id("tag-input"));
        input.clear();
        input.sendKeys("#SearchMe", Keys.ENTER);

        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> series = chartedSeries();
            assertThat(series).hasSize(1);
            assertThat(series.get(0).get("tag")).isEqualTo("searchme");
            assertThat(series.get(0).get("label")).isEqualTo("#SearchMe");
            assertThat(points(series.get(0))).isEqualTo(fed.get("searchme"));
            assertThat(text("chart-title")).isEqualTo("#SearchMe: mentions per second");
        });
        screenshot("search");

        input = browser.findElement(By.id("tag-input"));
        input.clear();
        input.sendKeys("#neverseen", Keys.ENTER);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(text("chart-message")).contains("unknown tag 'neverseen'");
            assertThat(chartedSeries()).isEmpty();
        });
        // A 404 answer is logged by Chromium as a failed resource load: the only console error allowed here.
        assertThat(severeConsoleEntries()).allMatch(entry -> entry.contains("api/series")
                && entry.contains("404"));

        // ?tag=<tag> (a tag's url in the Mastodon-compatible trends) charts that tag.
        browser.get("http://localhost:" + port + "/?tag=searchme");
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> series = chartedSeries();
            assertThat(series).hasSize(1);
            assertThat(series.get(0).get("tag")).isEqualTo("searchme");
            assertThat(points(series.get(0))).isEqualTo(fed.get("searchme"));
        });
        browser.get("http://localhost:" + port + "/");
        await().atMost(WAIT).untilAsserted(() -> assertThat(chartedSeries()).hasSizeGreaterThan(1));
    }

    @Test
    @Order(5)
    void shouldShowTheRangeChosenInThePicker() throws IOException {
        browser.findElement(By.id("show-top")).click();
        new Select(browser.findElement(By.id("range"))).selectByVisibleText("1 minute");

        await().atMost(WAIT).untilAsserted(() -> {
            Object span = ((JavascriptExecutor) browser).executeScript("""
                    const scale = window.Chart.getChart('chart').options.scales.x;
                    return scale.max - scale.min;""");
            assertThat(((Number) span).longValue()).isEqualTo(60_000L);
            List<Map<String, Object>> series = chartedSeries();
            assertThat(series).hasSize(5);
            // One minute before the newest window (the live update's): the fed seconds from 91 on.
            Map<Long, Long> kafka = points(series.get(0));
            assertThat(kafka.keySet()).allMatch(start -> start >= base.plusSeconds(FED_SECONDS - 59).toEpochMilli());
            assertThat(kafka).containsEntry(base.plusSeconds(FED_SECONDS).toEpochMilli(), 77L);
        });
        screenshot("one-minute");
        assertThat(severeConsoleEntries()).allMatch(entry -> entry.contains("api/series") && entry.contains("404"));
    }

    @Test
    @Order(6)
    void shouldListTrendsOfTheChosenScopeAsTheyAreStoredAndLive() throws IOException {
        // A trend the sink stores: the page's periodic refresh lists it, with its status.
        tables.store(trend("global", "stored", TrendUpdate.HOT, 5.0, 30));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(trendTags()).containsExactly(HOSTILE, "stored", "kafka");
            assertThat(badge("stored")).isEqualTo("hot");
        });

        // A trend record the counter writes (not stored): the live stream brings it; then its end removes it.
        TrendUpdate live = trend("global", "livetrend", TrendUpdate.RISING, 9.0, 60);
        producer.send(new ProducerRecord<>(Topics.TRENDS, "global|livetrend", TagpulseJson.writeString(live)));
        producer.flush();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(trendTags()).startsWith("livetrend");
            assertThat(badge("livetrend")).isEqualTo("rising");
        });
        screenshot("trends-live");

        new Select(browser.findElement(By.id("scope"))).selectByValue("language:en");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(trendTags()).containsExactly("englishonly");
            assertThat(text("trends-list")).contains("cooling");
        });
        screenshot("trends-english");
        new Select(browser.findElement(By.id("scope"))).selectByValue("global");
        await().atMost(WAIT).untilAsserted(() -> assertThat(trendTags()).contains("kafka"));
        assertThat(severeConsoleEntries()).allMatch(entry -> entry.contains("api/series") && entry.contains("404"));
    }

    @Test
    @Order(7)
    void shouldChartTheWindowSizeChosenInThePicker() throws IOException {
        new Select(browser.findElement(By.id("window"))).selectByValue("1m");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(text("top-range")).contains("1m windows");
            assertThat(text("chart-message")).contains("No 1m windows");
        });
        new Select(browser.findElement(By.id("window"))).selectByValue("1s");
        await().atMost(WAIT).untilAsserted(() -> assertThat(chartedSeries()).hasSize(5));
        assertThat(severeConsoleEntries()).allMatch(entry -> entry.contains("api/series") && entry.contains("404"));
    }

    /** @return what the trends panel's row of a tag shows, read in one script; null when it lists no such tag */
    @SuppressWarnings("unchecked")
    private Map<String, Object> trendRow(String tag) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const row = Array.from(document.querySelectorAll('#trends-list li[data-tag]'))
                  .find((candidate) => candidate.dataset.tag === arguments[0]);
                if (!row) { return null; }
                const svg = row.querySelector('svg.sparkline');
                return { rank: row.querySelector('.rank').textContent, badge: row.querySelector('.badge').textContent,
                  facts: row.querySelector('.facts').textContent,
                  sparkline: svg ? svg.dataset.points : null,
                  drawn: svg ? svg.querySelectorAll('polyline').length : 0,
                  label: svg ? svg.getAttribute('aria-label') : null,
                  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };""", tag);
    }

    /** @return the velocity the trend's detail charts: its non-zero points (x ms, y per second) */
    @SuppressWarnings("unchecked")
    private Map<Long, Double> detailVelocity() {
        List<List<Number>> points = (List<List<Number>>) ((JavascriptExecutor) browser).executeScript("""
                const chart = window.Chart && window.Chart.getChart('detail-chart');
                if (!chart || chart.data.datasets.length === 0) { return []; }
                return chart.data.datasets[0].data.filter((p) => p.y > 0).map((p) => [p.x, p.y]);""");
        Map<Long, Double> velocity = new LinkedHashMap<>();
        points.forEach(point -> velocity.put(point.get(0).longValue(), point.get(1).doubleValue()));
        return velocity;
    }

    /** @return the fed counts of the tag summed in buckets of the size starting at multiples of it */
    private Map<Long, Long> fedPer(String tag, long bucketMillis) {
        Map<Long, Long> buckets = new java.util.TreeMap<>();
        fed.get(tag).forEach((start, count) -> buckets.merge(Math.floorDiv(start, bucketMillis) * bucketMillis, count,
                Long::sum));
        return buckets;
    }

    @Test
    @Order(8)
    void shouldShowEachTrendsFactsAndSparklineAndOpenItsVelocityAndRelatedTags() throws IOException {
        // The related tag of #kafka (#with5) trends too, so its detail can be opened from kafka's.
        TrendUpdate related = trend("global", "with5", TrendUpdate.COOLING, 0.5, 9);
        tables.store(related);
        browser.get("http://localhost:" + port + "/");

        // The row: rank, since (the browser's local time), growth (45 / 11.25), authors, badge, sparkline.
        Instant asOf = base.plusSeconds(FED_SECONDS);
        long minute = 60_000;
        long sparklineEnd = -Math.floorDiv(-asOf.toEpochMilli(), minute) * minute;
        Map<Long, Long> perMinute = fedPer("kafka", minute);
        List<String> expectedSparkline = new ArrayList<>();
        for (long start = sparklineEnd - 30 * minute; start < sparklineEnd; start += minute) {
            expectedSparkline.add(String.valueOf(perMinute.getOrDefault(start, 0L)));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> row = trendRow("kafka");
            assertThat(row).isNotNull();
            String since = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .format(base.plusSeconds(100).atZone(java.time.ZoneId.of((String) row.get("timeZone"))));
            assertThat(row.get("rank")).isEqualTo(String.valueOf(trendTags().indexOf("kafka") + 1));
            assertThat(row.get("badge")).isEqualTo("rising");
            assertThat((String) row.get("facts")).startsWith("since " + since + " (")
                .contains("×4.0", "15 authors", "45 mentions");
            assertThat(row.get("sparkline")).isEqualTo(String.join(",", expectedSparkline));
            assertThat(row.get("drawn")).isEqualTo(1L);
            assertThat((String) row.get("label")).contains("over the last 30 minutes");
        });
        assertThat(expectedSparkline.stream().mapToLong(Long::parseLong).sum())
            .isEqualTo(fed.get("kafka").values().stream().mapToLong(Long::longValue).sum());

        // A live record of the trend (stored too, as the sink would) updates its row in place: the same element.
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector(\"#trends-list li[data-tag='kafka']\").dataset.marker = 'same';");
        TrendUpdate stored = trend("global", "kafka", TrendUpdate.RISING, 4.25, 45);
        TrendUpdate grown = new TrendUpdate(stored.trendId(), "global", "kafka", TrendUpdate.HOT, stored.startedAt(),
                stored.peakAt(), stored.peakPerMinute(), null, stored.asOf(), 90, 40, stored.expected(), 4.3, 100,
                stored.related(), false, null);
        tables.store(grown);
        producer.send(new ProducerRecord<>(Topics.TRENDS, "global|kafka", TagpulseJson.writeString(grown)));
        producer.flush();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> row = trendRow("kafka");
            assertThat(row.get("badge")).isEqualTo("hot");
            assertThat((String) row.get("facts")).contains("×8.0", "40 authors", "90 mentions");
            assertThat(row.get("sparkline")).isEqualTo(String.join(",", expectedSparkline));
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return document.querySelector(\"#trends-list li[data-tag='kafka']\").dataset.marker;"))
                .isEqualTo("same");
        });

        // A click opens the detail: the tag's velocity (10-second points over its life) and its related tags.
        browser.findElement(By.cssSelector("#trends-list li[data-tag='kafka'] .trend-open")).click();
        Map<Long, Long> perTenSeconds = fedPer("kafka", 10_000);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("trend-detail")).isDisplayed()).isTrue();
            assertThat(text("detail-title")).startsWith("#Kafka").contains("hot");
            assertThat(text("detail-facts")).contains("×8.0 its baseline", "90 mentions", "40 authors");
            assertThat(text("detail-related")).contains("#with5", "cooling", "22 together");
            Map<Long, Double> velocity = detailVelocity();
            assertThat(velocity.keySet()).containsExactlyElementsOf(perTenSeconds.keySet());
            perTenSeconds.forEach((start, count) ->
                    assertThat(velocity.get(start)).as("%s", start).isCloseTo(count / 10.0, within(1e-9)));
            assertThat(browser.getCurrentUrl()).contains("trend=global%7Ckafka%7C");
            assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("detail-title");
        });
        screenshot("trend-detail");

        // Its related tag opens its own trend.
        browser.findElement(By.cssSelector("#detail-related button[data-tag='with5']")).click();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(text("detail-title")).startsWith("#with5").contains("cooling");
            assertThat(browser.getCurrentUrl()).contains("trend=global%7Cwith5%7C");
        });

        // Keyboard: Escape closes it (the focus goes back to the trends), Enter on a trend opens it.
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("trend-detail")).isDisplayed()).isFalse();
            assertThat(browser.getCurrentUrl()).doesNotContain("trend=");
        });
        WebElement kafka = browser.findElement(By.cssSelector("#trends-list li[data-tag='kafka'] .trend-open"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus();", kafka);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        await().atMost(WAIT).untilAsserted(() -> assertThat(text("detail-title")).startsWith("#Kafka"));

        // ?trend=<trend id> (where the alerts link) opens that trend, in its scope.
        TrendUpdate english = trend("language:en", "englishonly", TrendUpdate.COOLING, 3.0, 12);
        browser.get("http://localhost:" + port + "/?trend="
                + java.net.URLEncoder.encode(english.trendId(), java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("trend-detail")).isDisplayed()).isTrue();
            assertThat(text("detail-title")).startsWith("#englishonly").contains("cooling");
            assertThat(text("detail-facts")).startsWith("language:en");
            assertThat(new Select(browser.findElement(By.id("scope"))).getFirstSelectedOption().getDomAttribute(
                    "value")).isEqualTo("language:en");
            assertThat(trendTags()).containsExactly("englishonly");
        });
        screenshot("trend-linked");
        assertThat(severeConsoleEntries()).allMatch(entry -> entry.contains("api/series") && entry.contains("404"));
    }
}
