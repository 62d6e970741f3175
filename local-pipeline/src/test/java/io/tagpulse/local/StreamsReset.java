package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What Kafka's {@code kafka-streams-application-reset} tool does, done with the admin client so that the test needs
 * no Kafka distribution: the application's committed input offsets go back to the earliest retained record, its
 * internal topics (changelogs, repartition topics) are deleted, and its local state directory too. The application
 * must be stopped first; started again, it recomputes everything from the retained input.
 */
final class StreamsReset {

    private StreamsReset() {
    }

    static void reset(String bootstrapServers, String applicationId, List<String> inputTopics, Path stateDir)
            throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            // A stopped Kafka Streams instance does not leave its group (it expects to come back): remove it, as the
            // reset tool insists on an empty group.
            if (!admin.describeConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS)
                .get(applicationId).members().isEmpty()) {
                admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions())
                    .all().get(30, TimeUnit.SECONDS);
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(inputTopics).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((topic, description) -> description.partitions()
                    .forEach(partition -> earliest.put(new TopicPartition(topic, partition.partition()),
                            OffsetSpec.earliest())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, offsets).all().get(30, TimeUnit.SECONDS);
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(topic -> topic.startsWith(applicationId + "-")
                        && (topic.endsWith("-changelog") || topic.endsWith("-repartition")))
                .toList();
            admin.deleteTopics(internal).all().get(30, TimeUnit.SECONDS);
        }
        if (Files.exists(stateDir)) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
            catch (IOException ex) {
                throw new IllegalStateException("cannot delete " + stateDir, ex);
            }
        }
    }
}
