package io.tagpulse.source.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The source's own topics (the live sources' positions, their leader election), created by the app when missing:
 * one partition, the broker's replication, the given topic settings.
 */
final class OnePartitionTopic {

    private OnePartitionTopic() {
    }

    /**
     * Creates {@code topic} when it does not exist (another client creating it meanwhile is fine).
     *
     * @param adminConfig the admin client's settings
     * @param configs the topic's settings, such as its cleanup policy
     * @param timeout longest wait of each step
     * @throws IllegalStateException when the topic could not be checked or created
     */
    static void ensure(Map<String, Object> adminConfig, String topic, Map<String, String> configs, Duration timeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                NewTopic created = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(configs);
                try {
                    admin.createTopics(List.of(created)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + topic, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            throw new IllegalStateException("could not check or create topic " + topic + ": " + cause, cause);
        }
    }
}
