package io.tagpulse.processor.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldFailAtStartupNamingTheInvalidProperty() {
        runner.withPropertyValues("tagpulse.processor.max-tag-length=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.processor")
                .hasMessageContaining("maxTagLength");
        });
    }

    @Test
    void shouldBindValidSettings() {
        runner.withPropertyValues("tagpulse.processor.max-hashtags-per-post=5")
            .run(context -> assertThat(context.getBean(ProcessorProperties.class).getMaxHashtagsPerPost())
                .isEqualTo(5));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProcessorProperties.class)
    static class PropertiesOnly {
    }
}
