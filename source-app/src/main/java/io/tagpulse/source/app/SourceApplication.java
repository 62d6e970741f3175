package io.tagpulse.source.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.connector.Backoff;
import io.tagpulse.source.generator.Burst;
import io.tagpulse.source.generator.GeneratorProperties;
import io.tagpulse.source.generator.PostGenerator;
import io.tagpulse.source.http.RateLimitProperties;
import io.tagpulse.source.jetstream.JetstreamProperties;
import io.tagpulse.source.mastodon.MastodonProperties;
import io.tagpulse.source.replay.ReplayProperties;
import io.tagpulse.source.x.XProperties;
import io.tagpulse.source.replay.ReplayClock;
import io.tagpulse.source.replay.ReplayFile;
import io.tagpulse.source.connector.CursorFile;
import io.tagpulse.source.jetstream.JetstreamConnector;
import io.tagpulse.source.mastodon.MastodonStream;
import io.tagpulse.source.connector.LineStreamConnector;
import io.tagpulse.source.x.XStreamRules;
import io.tagpulse.web.HttpHardeningAutoConfiguration;
import io.tagpulse.web.PathRule;
import io.tagpulse.web.RateLimitFilter;
import io.tagpulse.web.RateLimiter;
import io.tagpulse.web.TokenAuthFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.messaging.MessageChannel;

/** The source app: posts from HTTP, a replay file or the generator, on the {@code output} binding. */
@SpringBootApplication
@EnableConfigurationProperties(SourceProperties.class)
public class SourceApplication {

    private static final Logger log = LoggerFactory.getLogger(SourceApplication.class);

    /** The ingestion endpoint's path. */
    static final String POSTS = "/posts";

    public static void main(String[] args) {
        SpringApplication.run(SourceApplication.class, args);
    }

    /**
     * Stops the output's Kafka handler from building a debug line for every post it sends: Spring Integration guards
     * it with the handler's logging flag, not the log level, and commons-logging's SLF4J bridge formats it before the
     * level is checked. Our own logging still follows the log level.
     */
    @Bean
    ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> quietOutputHandler() {
        return (handler, destination) -> handler.setLoggingEnabled(false);
    }

    @Bean
    PostPublisher postPublisher(StreamBridge streamBridge, SourceProperties properties, MeterRegistry registry,
            @Qualifier("errorChannel") PublishSubscribeChannel errorChannel) {
        PostPublisher publisher = new PostPublisher(streamBridge, properties.getAckTimeout().toMillis(), registry);
        errorChannel.subscribe(publisher::onError);
        return publisher;
    }

    /** When {@code tagpulse.source.token} is set, {@code /posts} needs it. */
    @Bean
    FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(SourceProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new TokenAuthFilter(properties.getToken(), "tagpulse.source.token", PathRule.under(POSTS)));
        registration.setOrder(HttpHardeningAutoConfiguration.TOKEN_ORDER);
        registration.setEnabled(properties.getToken() != null && !properties.getToken().isBlank());
        return registration;
    }

    /**
     * Per-client rate limit on {@code /posts} (off when requests-per-second is 0); ahead of the token check, so token
     * guessing is limited too.
     */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(SourceProperties properties, MeterRegistry registry) {
        RateLimitProperties settings = properties.getRateLimit();
        boolean enabled = settings.getRequestsPerSecond() > 0;
        RateLimiter limiter = new RateLimiter(enabled ? settings.getRequestsPerSecond() : 1, settings.getBurst(),
                settings.getMaxClients(), System::nanoTime);
        Counter limited = registry.counter("tagpulse.source.rate-limited");
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(limiter, "tagpulse.source.rate-limit",
                PathRule.under(POSTS), limited::increment));
        registration.setOrder(HttpHardeningAutoConfiguration.RATE_LIMIT_ORDER);
        registration.setEnabled(enabled);
        return registration;
    }

    /** The Kafka binder reports each acknowledged record here (see record-metadata-channel in application.yml). */
    @Bean
    MessageChannel postAcks(PostPublisher publisher) {
        DirectChannel channel = new DirectChannel();
        channel.subscribe(publisher::onAcknowledged);
        return channel;
    }

    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "generator")
    PostFeed generatorFeed(SourceProperties properties, PostPublisher publisher) {
        GeneratorProperties settings = properties.getGenerator();
        Clock clock = Clock.systemUTC();
        long seed = settings.getSeed() != 0 ? settings.getSeed() : new Random().nextLong();
        Burst burst = new Burst(settings.getBurstTag(), settings.getBurstStartAfter(), settings.getBurstDuration(),
                settings.getBurstEvery(), settings.getBurstShare());
        PostGenerator generator = new PostGenerator(new Random(seed), settings.getVocabulary(),
                settings.getZipfExponent(), settings.getLanguages(), settings.getMaxTagsPerPost(), burst,
                clock.instant());
        log.info("Generator seed {} (set tagpulse.source.generator.seed to repeat this run)", seed);
        return new PostFeed("generator", () -> generator.next(clock.instant()), publisher, settings.getRate());
    }

    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "replay")
    PostFeed replayFeed(SourceProperties properties, PostPublisher publisher, MeterRegistry registry) {
        ReplayProperties settings = properties.getReplay();
        Path file = Path.of(settings.getFile());
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("tagpulse.source.replay.file: cannot read " + file.toAbsolutePath());
        }
        Counter invalidLines = registry.counter("tagpulse.source.replay.invalid-lines");
        ReplayClock clock = new ReplayClock(settings.isShiftToNow(), Clock.systemUTC().instant());
        return new PostFeed("replay of " + file, new ReplayFile(file, settings.isLoop(), clock, invalidLines),
                publisher, settings.getRate());
    }

    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "jetstream")
    ConnectorLifecycle jetstreamConnector(SourceProperties properties, PostPublisher publisher,
            MeterRegistry registry) {
        JetstreamProperties settings = properties.getJetstream();
        JetstreamConnector connector = new JetstreamConnector(
                new JetstreamConnector.Settings(settings.getUrl(), settings.getIdleTimeout(),
                        settings.getBackoffInitial(), settings.getBackoffMax()),
                publisher::publish, new CursorFile(Path.of(settings.getCursorFile())),
                new Backoff(settings.getBackoffInitial(), settings.getBackoffMax(), new Random()), registry);
        return new ConnectorLifecycle(connector::start, connector::close);
    }

    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "mastodon")
    ConnectorLifecycle mastodonConnector(SourceProperties properties, PostPublisher publisher,
            MeterRegistry registry) {
        MastodonProperties settings = properties.getMastodon();
        LineStreamConnector connector = new LineStreamConnector(
                MastodonStream.settings(settings.getInstance(), settings.getTimeline(), settings.getHashtag(),
                        settings.getAccessToken(), settings.getIdleTimeout()),
                new MastodonStream(publisher::publish, registry),
                new Backoff(settings.getBackoffInitial(), settings.getBackoffMax(), new Random()), registry);
        return new ConnectorLifecycle(connector::start, connector::close);
    }

    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "x")
    ConnectorLifecycle xConnector(SourceProperties properties, PostPublisher publisher, MeterRegistry registry) {
        XProperties settings = properties.getX();
        LineStreamConnector connector = new LineStreamConnector(
                io.tagpulse.source.x.XStream.settings(settings.getBaseUrl(), settings.getBearerToken(),
                        settings.getIdleTimeout()),
                new io.tagpulse.source.x.XStream(publisher::publish, registry),
                new Backoff(settings.getBackoffInitial(), settings.getBackoffMax(), new Random()), registry);
        XStreamRules rules = new XStreamRules(settings.getBaseUrl(), settings.getBearerToken());
        return new ConnectorLifecycle(() -> {
            try {
                XStreamRules.Diff diff = rules.sync(settings.getRules());
                log.info("X stream rules in place: {} deleted, {} added", diff.delete().size(), diff.add().size());
            }
            catch (Exception ex) {
                // The stream is started anyway: it reports refused credentials the same way and keeps retrying.
                log.error("Could not set the X stream rules: {}", ex.getMessage());
            }
            connector.start();
        }, connector::close);
    }

    /** Starts a live connector with the app and stops it (saving its cursor) before the binder goes away. */
    static final class ConnectorLifecycle implements org.springframework.context.SmartLifecycle {

        private final Runnable start;

        private final Runnable stop;

        private volatile boolean running;

        ConnectorLifecycle(Runnable start, Runnable stop) {
            this.start = start;
            this.stop = stop;
        }

        @Override
        public void start() {
            start.run();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            stop.run();
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
