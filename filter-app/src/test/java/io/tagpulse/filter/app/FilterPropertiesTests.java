package io.tagpulse.filter.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FilterPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void shouldNormalizeLanguagesAndBlockedTags() {
        runner.withPropertyValues("tagpulse.filter.languages=en-US,JA", "tagpulse.filter.blocked-tags=#Spam,ＡＤＳ")
            .run(context -> {
                FilterProperties properties = context.getBean(FilterProperties.class);
                assertThat(properties.toRules().languages()).containsExactlyInAnyOrder("en", "ja");
                assertThat(properties.toRules().blockedTags()).containsExactlyInAnyOrder("spam", "ads");
            });
    }

    @Test
    void shouldFailAtStartupNamingTheInvalidProperty() {
        runner.withPropertyValues("tagpulse.filter.max-hashtags=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("tagpulse.filter")
                .hasMessageContaining("maxHashtags");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FilterProperties.class)
    static class PropertiesOnly {
    }
}
