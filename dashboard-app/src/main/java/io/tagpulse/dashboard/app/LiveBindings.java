package io.tagpulse.dashboard.app;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;

/**
 * Keeps the bindings that follow topics live out of any consumer group, whatever the configuration says: without a
 * group, Spring Cloud Stream binds as an anonymous consumer, alone in a group of its own, which gets every partition
 * and starts at the end of the topic, as a Data Flow tap does. Kafka would otherwise share the partitions among the
 * replicas of one group, and a browser would see live only the tags of its replica's partitions. Data Flow sets a group
 * on {@code input} (the stream's name), which this removes, saying so in the log.
 */
final class LiveBindings implements BeanPostProcessor {

    /** The binding of the counter's counts (Data Flow connects it: {@code input}). */
    static final String COUNTS = "input";

    /** The binding of the counter's trend records. */
    static final String TRENDS = "trends";

    private static final Log logger = LogFactory.getLog(LiveBindings.class);

    private final List<String> bindings;

    LiveBindings(String... bindings) {
        this.bindings = List.of(bindings);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof BindingServiceProperties properties) {
            for (String name : bindings) {
                BindingProperties binding = properties.getBindings().get(name);
                if (binding != null && binding.getGroup() != null && !binding.getGroup().isBlank()) {
                    logger.info("Binding '" + name + "' reads every partition in each replica: its group '"
                            + binding.getGroup() + "' is ignored");
                    binding.setGroup(null);
                }
            }
        }
        return bean;
    }
}
