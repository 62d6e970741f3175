package io.tagpulse.source.app;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.source.connector.LeaderGatedSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.integration.leader.AbstractCandidate;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;

/**
 * When the replicas of a live source elect its reader ({@link SourceProperties#electsReader()}): the election on
 * Kafka ({@link KafkaLeaderInitiator}), a candidate that starts the source when granted and stops it when revoked
 * (the {@link LeaderGatedSource} the source bean made), Spring Integration's {@code OnGrantedEvent} and
 * {@code OnRevokedEvent} on the context, and the gauge {@code tagpulse.source.live.leader{source=<id>}}: 1 while this
 * replica leads, 0 while it stands by.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LiveSourceLeadership.ElectsReader.class)
class LiveSourceLeadership {

    /** Longest wait of each step of creating the election's topic. */
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    KafkaLeaderInitiator liveSourceLeader(PostSourceLifecycle source, SourceProperties properties,
            Environment environment, ApplicationEventPublisher publisher, MeterRegistry registry) {
        LeaderGatedSource gated = (LeaderGatedSource) source.source();
        SourceProperties.Leadership leadership = properties.leadership();
        String group = leadership.group() == null || leadership.group().isBlank()
                ? "tagpulse-source-leader." + gated.id() : leadership.group();
        Gauge.builder("tagpulse.source.live.leader", gated, leads -> leads.isLeader() ? 1 : 0)
            .description("1 while this replica leads (reads) the live source, 0 while it stands by")
            .tag("source", gated.id())
            .register(registry);
        return new KafkaLeaderInitiator(SourceApplication.binderClientConfig(environment), leadership.topic(), group,
                leadership.sessionTimeout(), candidate(gated), new DefaultLeaderEventPublisher(publisher),
                TOPIC_TIMEOUT);
    }

    /** @return the candidate for the source's leadership: its role is the source's id */
    static Candidate candidate(LeaderGatedSource gated) {
        return new AbstractCandidate(null, gated.id()) {

            @Override
            public void onGranted(Context context) {
                gated.granted();
            }

            @Override
            public void onRevoked(Context context) {
                gated.revoked();
            }
        };
    }

    /** Matches when the source's settings say its replicas elect a reader. */
    static final class ElectsReader implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                .bindOrCreate("tagpulse.source", SourceProperties.class)
                .electsReader();
        }
    }
}
