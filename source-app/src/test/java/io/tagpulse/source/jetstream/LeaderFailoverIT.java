package io.tagpulse.source.jetstream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import io.tagpulse.source.SavedPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static io.tagpulse.source.jetstream.JetstreamApps.T0;
import static io.tagpulse.source.jetstream.JetstreamApps.timeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One reader per live source among its replicas, on a real (embedded, KRaft) broker: two source apps, each in a JVM of
 * its own, follow one Jetstream-speaking server that streams a known sequence (a post every 20 ms on every
 * connection). Only the elected leader connects; it is killed outright (SIGKILL), the standby takes over, resuming from
 * the cursor the leader saved, and a fresh app joins as the next standby; three times. Each failover is timed from the
 * kill to the standby's connection and to its first post in Kafka. At the end every post of the sequence is in
 * {@code tagpulse.posts} (none lost), the server never had two connections open, and the posts written twice are
 * each after the cursor saved before one of the kills (acknowledged by the dead leader, not covered by a save).
 */
@JetstreamBrokerTest
class LeaderFailoverIT {

    private static final int FAILOVERS = 3;

    /** More posts than the test reads: it ends the sequence once the last failover is done. */
    private static final int POSTS = 100_000;

    private static final String KEY = "failover-it";

    private static final String GROUP = "tagpulse-source-leader." + KEY;

    private static final Duration APP_START = Duration.ofSeconds(180);

    /** The bound on a failover: a standby reads within 15 s of the leader's kill -9. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);

    @Autowired
    private EmbeddedKafkaBroker broker;

    @RegisterExtension
    final JetstreamApps apps = new JetstreamApps();

    /** One failover: the cursor saved when the leader died, the last post written before, and how long it took. */
    private record Failover(long saved, int lastWrittenBefore, double connectSeconds, double ingestSeconds) {
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldHaveOneReaderAndHandOverWithinFifteenSecondsOfAKillLosingNothing() throws Exception {
        PacedJetstream server = apps.serve(broker.getBrokersAsString(),
                new PacedJetstream(JetstreamApps.events(POSTS), 20, true), KEY);
        SavedPosition cursor = apps.cursor();
        List<String> written = apps.written();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            List<JetstreamApps.App> alive = new ArrayList<>(List.of(start("app-1"), start("app-2")));
            awaitTwoMembers(admin);
            await().atMost(APP_START).until(() -> {
                apps.poll();
                return written.size() >= 100;
            });
            assertThat(server.requests).as("two replicas, one connection").hasSize(1);

            List<Failover> failovers = new ArrayList<>();
            for (int round = 1; round <= FAILOVERS; round++) {
                JetstreamApps.App leader = leaderOf(alive);
                JetstreamApps.App standby = alive.stream().filter(app -> app != leader).findFirst().orElseThrow();
                long before = cursor.readToEnd();
                // The leader has read on and saved since it took over, so the kill leaves a newer cursor behind.
                await().atMost(Duration.ofSeconds(30)).until(() -> cursor.read() > before);
                int requests = server.requests.size();

                long killedAt = System.nanoTime();
                leader.kill();
                alive.remove(leader);
                long saved = cursor.readToEnd();
                int writtenAtKill = apps.drain();
                int lastWritten = written.stream().mapToInt(JetstreamApps::indexOf).max().orElse(0);

                await().atMost(Duration.ofSeconds(60)).until(() -> server.requests.size() > requests);
                double connect = (server.openedAt.get(requests) - killedAt) / 1e9;
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    apps.poll();
                    return written.size() > writtenAtKill;
                });
                double ingest = (System.nanoTime() - killedAt) / 1e9;
                failovers.add(new Failover(saved, lastWritten, connect, ingest));

                assertThat(server.requests.get(requests)).as("the new leader resumes from the cursor saved")
                    .endsWith("&cursor=" + saved);
                assertThat(leaderOf(alive)).isSameAs(standby);
                if (round < FAILOVERS) {
                    alive.add(start("app-" + (round + 2)));
                    awaitTwoMembers(admin);
                }
            }

            // End the sequence a little after where it stands, and wait for every post up to there.
            int last = server.sent + 50;
            server.limit = last;
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                apps.poll();
                return written.stream().map(JetstreamApps::indexOf).filter(i -> i <= last).distinct().count() == last;
            });
            apps.drain();

            Map<Integer, Long> counts = JetstreamApps.counts(written);
            List<Integer> lost = JetstreamApps.lost(counts, last);
            List<Integer> doubled = JetstreamApps.doubled(counts);
            List<Double> ingestTimes = failovers.stream().map(Failover::ingestSeconds).sorted().toList();
            String report = report(failovers, last, lost, doubled, ingestTimes.get(ingestTimes.size() / 2));
            System.out.println("LeaderFailoverIT: " + report);
            Files.writeString(Path.of("target", "leader-failover-it.txt"), report + "\n", StandardCharsets.UTF_8);

            assertThat(server.maxOpen()).as("connections open at once, ever: " + report).isEqualTo(1);
            assertThat(server.requests).as("one connection per leader").hasSize(FAILOVERS + 1);
            assertThat(lost).as(report).isEmpty();
            // Doubled only between the cursor saved before a kill and the dead leader's last post in Kafka.
            assertThat(doubled).as(report).allSatisfy(index -> assertThat(failovers).anySatisfy(failover -> {
                assertThat(timeOf(index)).isGreaterThan(failover.saved());
                assertThat(index).isLessThanOrEqualTo(failover.lastWrittenBefore());
            }));
            assertThat(failovers).as(report).allSatisfy(failover -> assertThat(failover.ingestSeconds())
                .isLessThan(FAILOVER_BOUND.toSeconds()));
        }
    }

    private JetstreamApps.App start(String name) throws Exception {
        return apps.start("leader-failover", name);
    }

    /** Waits until both replicas are members of the election's group and it has settled. */
    private static void awaitTwoMembers(Admin admin) {
        // Until the first member joins, the broker knows no such group (an error, or no answer in time): asked again.
        await().atMost(APP_START).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                .get(10, TimeUnit.SECONDS).get(GROUP);
            return group.members().size() == 2 && group.groupState() == GroupState.STABLE;
        });
    }

    /** @return the one app whose gauge says it leads, once exactly one does and the others say standby */
    private static JetstreamApps.App leaderOf(List<JetstreamApps.App> alive) {
        List<JetstreamApps.App> leaders = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            leaders.clear();
            int standby = 0;
            for (JetstreamApps.App app : alive) {
                String gauge = app.get("/actuator/prometheus").lines()
                    .filter(line -> line.startsWith("tagpulse_source_live_leader{") && line.contains(KEY))
                    .findFirst()
                    .orElse("");
                if (gauge.endsWith(" 1.0")) {
                    leaders.add(app);
                }
                else if (gauge.endsWith(" 0.0")) {
                    standby++;
                }
            }
            return leaders.size() == 1 && standby == alive.size() - 1;
        });
        return leaders.get(0);
    }

    private static String report(List<Failover> failovers, int posts, List<Integer> lost, List<Integer> doubled,
            double median) {
        StringBuilder report = new StringBuilder("posts ").append(posts).append(", failovers:");
        for (Failover failover : failovers) {
            report.append(String.format(" [cursor saved at post %d, last post written %d, connected after %.1f s, "
                    + "first post in Kafka after %.1f s]", (failover.saved() - T0) / 1_000,
                    failover.lastWrittenBefore(), failover.connectSeconds(), failover.ingestSeconds()));
        }
        return report.append(String.format(", median failover %.1f s, lost %d, doubled %d %s", median, lost.size(),
                doubled.size(), doubled)).toString();
    }
}
