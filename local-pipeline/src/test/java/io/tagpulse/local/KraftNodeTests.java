package io.tagpulse.local;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KraftNodeTests {

    private final KraftNode node = new KraftNode("kafka-2", Path.of("work", "node-2"), 20_001, List.of("java"));

    @Test
    void shouldConfigureANodeOfAQuorumWithItsListenersDataAndReplication() throws IOException {
        Properties config = parse(node.serverProperties(new KraftNode.Settings(2,
                "1@127.0.0.1:20010,2@127.0.0.1:20011,3@127.0.0.1:20012", 20_011, 3, 2, "num.io.threads=2\n")));

        assertThat(config).containsEntry("node.id", "2")
            .containsEntry("process.roles", "broker,controller")
            .containsEntry("controller.quorum.voters", "1@127.0.0.1:20010,2@127.0.0.1:20011,3@127.0.0.1:20012")
            .containsEntry("listeners", "PLAINTEXT://127.0.0.1:20001,CONTROLLER://127.0.0.1:20011")
            .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:20001")
            .containsEntry("log.dirs", Path.of("work", "node-2", "data").toAbsolutePath().toString())
            .containsEntry("default.replication.factor", "3")
            .containsEntry("offsets.topic.replication.factor", "3")
            .containsEntry("transaction.state.log.replication.factor", "3")
            .containsEntry("min.insync.replicas", "2")
            .containsEntry("transaction.state.log.min.isr", "2")
            .containsEntry("num.io.threads", "2");
    }

    @Test
    void shouldGiveEveryTopicOfALoneNodeOneReplica() throws IOException {
        Properties config = parse(node.serverProperties(new KraftNode.Settings(1, "1@127.0.0.1:9093", 9093, 1, 1,
                "")));

        assertThat(config).containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
            .containsEntry("default.replication.factor", "1")
            .containsEntry("offsets.topic.replication.factor", "1")
            .containsEntry("share.coordinator.state.topic.replication.factor", "1")
            .containsEntry("transaction.state.log.min.isr", "1")
            .containsEntry("min.insync.replicas", "1")
            .doesNotContainKey("num.io.threads");
    }

    @Test
    void shouldMakeClusterIdsKafkaAccepts() {
        assertThat(KraftNode.clusterId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(KraftNode.clusterId());
    }

    private static Properties parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
