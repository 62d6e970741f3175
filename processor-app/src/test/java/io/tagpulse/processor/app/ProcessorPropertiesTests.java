package io.tagpulse.processor.app;

import java.time.Duration;

import io.tagpulse.contracts.Topics;
import org.junit.jupiter.api.Test;

import static io.tagpulse.testing.PropertiesBinding.bind;
import static io.tagpulse.testing.PropertiesBinding.failure;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessorPropertiesTests {

    @Test
    void shouldDefaultEverySetting() {
        assertThat(bind(ProcessorProperties.class)).isEqualTo(new ProcessorProperties(100, 100, Topics.DEAD_LETTER,
                Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(30)));
    }

    @Test
    void shouldFailAtStartupNamingTheInvalidProperty() {
        assertThat(failure(ProcessorProperties.class, "tagpulse.processor.max-tag-length=0"))
            .contains("tagpulse.processor")
            .contains("maxTagLength");
    }

    @Test
    void shouldBindValidSettings() {
        ProcessorProperties properties = bind(ProcessorProperties.class,
                "tagpulse.processor.max-hashtags-per-post=5", "tagpulse.processor.idle-timeout=1m");

        assertThat(properties.maxHashtagsPerPost()).isEqualTo(5);
        assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }
}
