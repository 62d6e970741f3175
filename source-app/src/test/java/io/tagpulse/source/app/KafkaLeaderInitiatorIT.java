package io.tagpulse.source.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.integration.leader.AbstractCandidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The election on a real (embedded, KRaft) broker, two replicas in one JVM: the first to join leads (granted, with
 * Spring Integration's {@code OnGrantedEvent}); a replica joining does not take leadership from it; a clean stop
 * revokes it ({@code OnRevokedEvent}) and leaves the group, so the other leads well within the session timeout.
 */
@SpringJUnitConfig
@EmbeddedKafka
@DirtiesContext
class KafkaLeaderInitiatorIT {

    private static final String GROUP = "tagpulse-source-leader.initiator-it";

    private static final Duration SESSION = Duration.ofSeconds(6);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private final List<KafkaLeaderInitiator> started = new CopyOnWriteArrayList<>();

    /** A replica: its candidate's calls and the leader events it published, in order. */
    private final class Replica {

        final List<String> calls = new CopyOnWriteArrayList<>();

        final List<AbstractLeaderEvent> events = new CopyOnWriteArrayList<>();

        final KafkaLeaderInitiator initiator;

        Replica(String name) {
            AbstractCandidate candidate = new AbstractCandidate(name, "initiator-it") {

                @Override
                public void onGranted(Context context) {
                    calls.add("granted leader=" + context.isLeader());
                }

                @Override
                public void onRevoked(Context context) {
                    calls.add("revoked leader=" + context.isLeader());
                }
            };
            initiator = new KafkaLeaderInitiator(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                    "tagpulse.source-leaders", GROUP, SESSION, candidate,
                    new DefaultLeaderEventPublisher(event -> events.add((AbstractLeaderEvent) event)),
                    Duration.ofSeconds(10));
            initiator.start();
            started.add(initiator);
        }
    }

    @AfterEach
    void stop() {
        started.forEach(KafkaLeaderInitiator::stop);
    }

    @Test
    void shouldLeadAloneKeepLeadingWhenAnotherJoinsAndHandOverAtOnceOnAStop() throws Exception {
        Replica first = new Replica("first");
        await().atMost(Duration.ofSeconds(60)).until(() -> first.calls.size() == 1);
        assertThat(first.calls).containsExactly("granted leader=true");
        assertThat(first.events).singleElement().isInstanceOf(OnGrantedEvent.class);

        Replica second = new Replica("second");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            // The marker that the join is over: both are members of a settled group.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(GROUP);
                return group.members().size() == 2 && group.groupState() == GroupState.STABLE;
            });
        }
        assertThat(first.calls).as("still the leader after the join").containsExactly("granted leader=true");
        assertThat(second.calls).isEmpty();

        long stopping = System.nanoTime();
        first.initiator.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> second.calls.size() == 1);
        double handOver = (System.nanoTime() - stopping) / 1e9;

        assertThat(first.calls).containsExactly("granted leader=true", "revoked leader=false");
        assertThat(first.events).hasSize(2).last().isInstanceOf(OnRevokedEvent.class);
        assertThat(second.calls).containsExactly("granted leader=true");
        assertThat(handOver).as("a clean stop leaves the group: no wait for the session timeout")
            .isLessThan(SESSION.toSeconds());
        System.out.printf("KafkaLeaderInitiatorIT: hand-over after a clean stop %.1f s%n", handOver);
    }
}
