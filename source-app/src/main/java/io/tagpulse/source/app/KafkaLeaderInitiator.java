package io.tagpulse.source.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;

/**
 * Spring Integration's leader election ({@link Candidate}, {@link Context}, {@code OnGrantedEvent} and
 * {@code OnRevokedEvent}) on Kafka's group membership, the one coordination service next to the source: every replica
 * of a live source joins one consumer group (named after the source's id) on a one-partition topic, and the member
 * the group assigns the partition leads. A leader killed outright is out of the group after the session timeout, when
 * the group gives the partition to a standby. The assignment is cooperative and sticky: a replica joining does not
 * take leadership from the leader, and a partition moving to another member is first revoked from its owner, whose
 * {@link Candidate#onRevoked} returns before the group assigns it again, so the old leader has stopped reading before
 * the new one starts. The topic holds no records; it is created when missing.
 * <p>
 * Stopping leaves the group (revoking leadership first), so a standby takes over at once instead of after the session
 * timeout. It runs in a phase before the source's lifecycle ({@link PostSourceLifecycle}): started before it, stopped
 * after it.
 */
final class KafkaLeaderInitiator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaLeaderInitiator.class);

    /** How often the group's rebalances are looked at: the delay between a rebalance and the candidate hearing it. */
    private static final Duration POLL = Duration.ofMillis(200);

    /** Longest time a revoked candidate may take to stop (the source waits up to 10 s for its posts, then saves). */
    private static final Duration MAX_REVOKE = Duration.ofSeconds(60);

    private final Map<String, Object> consumerConfig;

    private final Map<String, Object> adminConfig;

    private final String topic;

    private final Candidate candidate;

    private final LeaderEventPublisher events;

    private final Duration timeout;

    private final LeaderContext context = new LeaderContext();

    private final AtomicBoolean running = new AtomicBoolean();

    private volatile boolean leader;

    private volatile Thread thread;

    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param clientConfig the connection settings (bootstrap servers, security) of the binder
     * @param topic the one-partition topic the group is on
     * @param group the group of this source's replicas
     * @param sessionTimeout how long after a member's last heartbeat the group drops it
     * @param timeout longest wait of each step of creating the topic
     */
    KafkaLeaderInitiator(Map<String, Object> clientConfig, String topic, String group, Duration sessionTimeout,
            Candidate candidate, LeaderEventPublisher events, Duration timeout) {
        this.topic = topic;
        this.candidate = candidate;
        this.events = events;
        this.timeout = timeout;
        this.adminConfig = new HashMap<>(clientConfig);
        adminConfig.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumerConfig = memberConfig(clientConfig, group, sessionTimeout, candidate.getRole());
    }

    /** @return the settings of a member of the group: the classic protocol, cooperative, reading nothing */
    private static Map<String, Object> memberConfig(Map<String, Object> clientConfig, String group,
            Duration sessionTimeout, String role) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // The classic protocol: its session timeout is the client's to choose (the consumer protocol's is the
        // broker's, 45 s by default), and heartbeats come from a thread of their own.
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 3));
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_REVOKE.toMillis());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(CooperativeStickyAssignor.class.getName()));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tagpulse-leader-" + role);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A static member would keep its place for the whole session after a kill: no quicker failover.
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return config;
    }

    /** @return the consumer group electing the leader */
    String group() {
        return (String) consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG);
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = new Thread(this::elect, "tagpulse-leader-" + candidate.getRole());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Leaves the group, revoking leadership first, and returns once the election's thread has ended. */
    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        KafkaConsumer<byte[], byte[]> member = consumer;
        if (member != null) {
            member.wakeup();
        }
        try {
            thread.join(MAX_REVOKE.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Before the source's lifecycle (the default phase): started before it, stopped after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    /** Joins the group and follows its rebalances until stopped; any failure is retried with the group joined anew. */
    private void elect() {
        long delay = 500;
        while (running.get()) {
            try {
                OnePartitionTopic.ensure(adminConfig, topic, Map.of(), timeout);
                try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(consumerConfig)) {
                    consumer = member;
                    member.subscribe(List.of(topic), new Rebalances());
                    log.info("Joined group {} on {} to elect the reader of live source {}", group(), topic,
                            candidate.getRole());
                    while (running.get()) {
                        member.poll(POLL);
                        delay = 500;
                    }
                }
                finally {
                    consumer = null;
                    // Closing revoked leadership (or found it lost); make sure the candidate heard it either way.
                    revoke("left the group");
                }
            }
            catch (WakeupException ex) {
                // stop() woke the consumer: the loop ends.
            }
            catch (RuntimeException ex) {
                if (!running.get()) {
                    break;
                }
                log.warn("Leader election of live source {} failed ({}); joining group {} again in {} ms",
                        candidate.getRole(), ex.toString(), group(), delay);
                pause(delay);
                delay = Math.min(delay * 2, 10_000);
            }
        }
    }

    /** Waits {@code millis}, or less when stopped meanwhile. */
    private void pause(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (running.get() && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void grant() {
        if (leader) {
            return;
        }
        leader = true;
        try {
            candidate.onGranted(context);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        events.publishOnGranted(this, context, candidate.getRole());
    }

    private void revoke(String why) {
        if (!leader) {
            return;
        }
        leader = false;
        log.info("Leadership of live source {} revoked: {}", candidate.getRole(), why);
        candidate.onRevoked(context);
        events.publishOnRevoked(this, context, candidate.getRole());
    }

    /** Grants leadership with the partition and revokes it with the partition, on the election's thread. */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            KafkaConsumer<byte[], byte[]> member = consumer;
            // Cooperative rebalances report only what was added: leadership is holding the partition, whoever gave it.
            if (member != null && !member.assignment().isEmpty()) {
                grant();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                revoke("the group moved it");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                revoke("this replica was dropped from the group");
            }
        }
    }

    /** What the candidate is told: whether it leads; yielding is not offered (the group decides who leads). */
    private final class LeaderContext implements Context {

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public String getRole() {
            return candidate.getRole();
        }

        @Override
        public String toString() {
            return "KafkaLeaderContext{role=" + candidate.getRole() + ", group=" + group() + ", leader=" + leader + "}";
        }
    }
}
