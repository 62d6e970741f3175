package io.tagpulse.source.app;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.LeaderGatedSource;
import io.tagpulse.source.connector.PositionStore;
import io.tagpulse.source.generator.PostGenerator;
import io.tagpulse.source.generator.SurgeSchedule;
import io.tagpulse.source.jetstream.JetstreamProtocol;
import io.tagpulse.source.mastodon.MastodonProtocol;
import io.tagpulse.source.replay.ReplayFile;
import io.tagpulse.source.x.XProtocol;
import io.tagpulse.source.x.XStreamStatus;
import io.tagpulse.web.HttpHardeningAutoConfiguration;
import io.tagpulse.web.PathRule;
import io.tagpulse.web.RateLimitFilter;
import io.tagpulse.web.TokenAuthFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.messaging.MessageChannel;

/** The source app: posts from HTTP and from the source of its mode, on the {@code output} binding. */
@SpringBootApplication
@EnableConfigurationProperties(SourceProperties.class)
public class SourceApplication {

    /** The ingestion endpoint's path. */
    static final String POSTS = "/posts";

    /** Longest wait for the positions topic when saving or loading a position. */
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

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
        PostPublisher publisher = new PostPublisher(streamBridge, properties.ackTimeout().toMillis(), registry);
        errorChannel.subscribe(publisher::onError);
        return publisher;
    }

    /** When {@code tagpulse.source.token} is set, {@code /posts} needs it. */
    @Bean
    FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(SourceProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new TokenAuthFilter(properties.token(), "tagpulse.source.token", PathRule.under(POSTS)));
        registration.setOrder(HttpHardeningAutoConfiguration.TOKEN_ORDER);
        registration.setEnabled(properties.token() != null && !properties.token().isBlank());
        return registration;
    }

    /**
     * Per-client rate limit on {@code /posts} (off when requests-per-second is 0); ahead of the token check, so token
     * guessing is limited too.
     */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(SourceProperties properties, MeterRegistry registry) {
        Counter limited = registry.counter("tagpulse.source.rate-limited");
        return properties.rateLimit().filter("tagpulse.source.rate-limit", PathRule.under(POSTS), limited::increment);
    }

    /** The Kafka binder reports each acknowledged record here (see record-metadata-channel in application.yml). */
    @Bean
    MessageChannel postAcks(PostPublisher publisher) {
        DirectChannel channel = new DirectChannel();
        channel.subscribe(publisher::onAcknowledged);
        return channel;
    }

    /** In generator mode, the generator's plan: the one its posts follow and {@code GET /generator/schedule} shows. */
    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "generator")
    SurgeSchedule generatorSchedule(SourceProperties properties) {
        return PostGenerator.schedule(properties.generator(), Clock.systemUTC());
    }

    /**
     * In a live mode that keeps a position (jetstream: its cursor; mastodon: the last status id), where it is kept: the
     * positions topic on the binder's brokers (with the binder's client settings,
     * {@code spring.cloud.stream.kafka.binder.configuration.*}), under the source's {@code position-key}, by default
     * its mode's name ({@code <mode>@<stream>} under Data Flow); closed after the source has stopped and saved.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${tagpulse.source.mode:http}'.toLowerCase() matches 'jetstream|mastodon'")
    KafkaPositionStore livePositions(SourceProperties properties, Environment environment,
            @Value("${spring.cloud.dataflow.stream.name:}") String stream) {
        return new KafkaPositionStore(binderClientConfig(environment), properties.positionsTopic(),
                liveSourceId(properties, stream), POSITION_TIMEOUT);
    }

    /**
     * @return the id of the mode's live source among its replicas: the source's {@code position-key} when set
     * (Jetstream, Mastodon), else the mode's name ({@code jetstream}, {@code mastodon}, {@code x}), with
     * {@code @<stream>} under Data Flow
     */
    static String liveSourceId(SourceProperties properties, String stream) {
        String key = switch (properties.mode()) {
            case JETSTREAM -> properties.jetstream().getPositionKey();
            case MASTODON -> properties.mastodon().getPositionKey();
            default -> null;
        };
        if (key != null && !key.isBlank()) {
            return key;
        }
        String name = properties.mode().name().toLowerCase(Locale.ROOT);
        return stream.isBlank() ? name : name + "@" + stream;
    }

    /**
     * @return the connection settings of the Kafka binder, which lives in a context of its own: its brokers (as the
     * binder reads them: {@code spring.cloud.stream.kafka.binder.brokers}, else {@code spring.kafka.bootstrap-servers},
     * else localhost; port 9092 when none is given) and its common client configuration
     */
    static Map<String, Object> binderClientConfig(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> brokers = binder.bind("spring.cloud.stream.kafka.binder.brokers", Bindable.listOf(String.class))
            .orElseGet(() -> binder.bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
                .orElse(List.of("localhost")));
        Map<String, Object> client = new HashMap<>(binder
            .bind("spring.cloud.stream.kafka.binder.configuration", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of()));
        client.put("bootstrap.servers", brokers.stream()
            .map(String::strip)
            .map(broker -> broker.contains(":") ? broker : broker + ":9092")
            .collect(Collectors.joining(",")));
        return client;
    }

    /** In x mode, what X says is wrong: rules it rejected, notices on the stream. */
    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "x")
    XStreamStatus xStreamStatus(MeterRegistry registry) {
        return new XStreamStatus(registry, Clock.systemUTC());
    }

    /**
     * In x mode, the {@code xStream} component of health: DOWN while X has rejected configured rules (each with its
     * title and detail) or they could not be set, with the last error notice on the stream.
     */
    @Bean
    @ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "x")
    HealthIndicator xStream(XStreamStatus status) {
        return () -> (status.ruleFailure() == null ? Health.up() : Health.down()).withDetails(status.details()).build();
    }

    /**
     * The source the mode adds to the HTTP endpoint, run with the app (see {@link PostSourceLifecycle}); a live one
     * reads only while this replica leads it, when its replicas elect a reader (see {@link LiveSourceLeadership}).
     */
    @Bean
    PostSourceLifecycle source(SourceProperties properties, PostPublisher publisher, MeterRegistry registry,
            ObjectProvider<SurgeSchedule> generatorSchedule, ObjectProvider<KafkaPositionStore> livePositions,
            ObjectProvider<XStreamStatus> xStreamStatus,
            @Value("${spring.cloud.dataflow.stream.name:}") String stream) {
        PostSource source = sourceOf(properties, registry, generatorSchedule::getObject, livePositions::getObject,
                xStreamStatus::getObject);
        return new PostSourceLifecycle(properties.electsReader()
                ? new LeaderGatedSource(source, liveSourceId(properties, stream)) : source, publisher);
    }

    /**
     * The {@code positions} component of health: DOWN while the source's position cannot be saved or loaded (the
     * reason in its details), UP otherwise, with the position saved and the one acknowledged.
     */
    @Bean
    HealthIndicator positions(PostSourceLifecycle source) {
        return source::positionHealth;
    }

    /** @return the source of the mode, {@code null} for http (the endpoint only) */
    static PostSource sourceOf(SourceProperties properties, MeterRegistry registry,
            Supplier<SurgeSchedule> generatorSchedule, Supplier<? extends PositionStore> livePositions,
            Supplier<XStreamStatus> xStreamStatus) {
        return switch (properties.mode()) {
            case HTTP -> null;
            case GENERATOR -> PostGenerator.source(properties.generator(), generatorSchedule.get(),
                    Clock.systemUTC());
            case REPLAY -> ReplayFile.source(properties.replay(), Clock.systemUTC(), registry);
            case JETSTREAM -> JetstreamProtocol.source(properties.jetstream(), livePositions.get(), registry);
            case MASTODON -> MastodonProtocol.source(properties.mastodon(), livePositions.get(), registry);
            case X -> XProtocol.source(properties.x(), xStreamStatus.get(), registry);
        };
    }
}
