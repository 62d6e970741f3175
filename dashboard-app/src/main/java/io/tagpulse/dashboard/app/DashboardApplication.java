package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.dashboard.LiveCounts;
import io.tagpulse.dashboard.QueryRules;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

/**
 * The dashboard app: the query API, the dashboard page and its live stream. It reads the database the sink writes
 * (and never writes it), and follows the counter's {@code input} counts and {@code trends} records itself, every
 * partition in every replica (see {@link LiveBindings}), so that any replica can serve any browser. Moderators'
 * decisions go to the moderation topic ({@link ModerationTopic}).
 */
@SpringBootApplication
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardApplication {

    /** Metric counting the count records followed live, tagged {@code outcome=read|skipped}. */
    static final String LIVE_METRIC = "tagpulse.dashboard.live.counts";

    /** Metric counting the trend records followed live, tagged {@code outcome=read|skipped}. */
    static final String LIVE_TRENDS_METRIC = "tagpulse.dashboard.live.trends";

    private static final Log logger = LogFactory.getLog(DashboardApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }

    @Bean
    QueryRules queryRules(DashboardProperties properties) {
        return properties.toQueryRules();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Each binding that follows a topic live reads every partition from the end, in each replica. */
    @Bean
    static LiveBindings liveBindings() {
        return new LiveBindings(LiveBindings.COUNTS, LiveBindings.TRENDS);
    }

    /**
     * Hands each polled batch of counts to the live stream; records the sink would not store are skipped (the sink
     * dead-letters them).
     */
    // The payload is taken as it comes (a list of byte[]), as the sink does.
    @Bean
    Consumer<Message<?>> relayCounts(LiveStream stream, MeterRegistry registry) {
        Counter read = registry.counter(LIVE_METRIC, "outcome", "read");
        Counter skipped = registry.counter(LIVE_METRIC, "outcome", "skipped");
        return batch -> {
            LiveCounts.Batch counts = LiveCounts.read(values(batch));
            read.increment(counts.counts().size());
            skipped.increment(counts.skipped());
            stream.countsRead(counts.counts());
        };
    }

    private static List<byte[]> values(Message<?> batch) {
        if (!(batch.getPayload() instanceof List<?> payload)) {
            throw new IllegalArgumentException("expected a batch (a list of records) but got a "
                    + batch.getPayload().getClass().getName() + ": the input binding must be in batch mode");
        }
        List<byte[]> values = new ArrayList<>(payload.size());
        for (Object value : payload) {
            values.add(value instanceof byte[] bytes ? bytes : null);
        }
        return values;
    }

    /**
     * Hands each trend record to the live stream; one the sink would not store (unreadable, invalid) is skipped and
     * counted (the sink dead-letters it).
     */
    @Bean
    Consumer<Message<byte[]>> relayTrends(LiveStream stream, MeterRegistry registry) {
        Counter read = registry.counter(LIVE_TRENDS_METRIC, "outcome", "read");
        Counter skipped = registry.counter(LIVE_TRENDS_METRIC, "outcome", "skipped");
        return record -> {
            TrendUpdate trend;
            try {
                trend = TagpulseJson.readTrend(record.getPayload());
            }
            catch (InvalidRecordException unreadable) {
                skipped.increment();
                logger.debug("Trend record skipped (the sink dead-letters it): " + unreadable.getMessage());
                return;
            }
            read.increment();
            stream.trendRead(trend);
        };
    }
}
