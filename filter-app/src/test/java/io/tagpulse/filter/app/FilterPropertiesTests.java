package io.tagpulse.filter.app;

import java.time.Duration;
import java.util.Set;

import io.tagpulse.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static io.tagpulse.testing.PropertiesBinding.bind;
import static io.tagpulse.testing.PropertiesBinding.failure;
import static org.assertj.core.api.Assertions.assertThat;

class FilterPropertiesTests {

    @Test
    void shouldDefaultEverySetting() {
        assertThat(bind(FilterProperties.class)).isEqualTo(new FilterProperties(Set.of(), true, true, true, 15,
                Set.of(), Set.of(), Duration.ofHours(1), DataSize.ofMegabytes(32), Topics.DEAD_LETTER, null));
    }

    @Test
    void shouldNormalizeLanguagesAndBlockedTags() {
        FilterProperties properties = bind(FilterProperties.class, "tagpulse.filter.languages=en-US,JA",
                "tagpulse.filter.blocked-tags=#Spam,ＡＤＳ");

        assertThat(properties.toRules().languages()).containsExactlyInAnyOrder("en", "ja");
        assertThat(properties.toRules().blockedTags()).containsExactlyInAnyOrder("spam", "ads");
    }

    @Test
    void shouldFailAtStartupNamingTheInvalidProperty() {
        assertThat(failure(FilterProperties.class, "tagpulse.filter.max-hashtags=0"))
            .contains("tagpulse.filter")
            .contains("maxHashtags");
    }

    @Test
    void shouldRejectLessThanOneMegabyteOfRocksDbMemory() {
        assertThat(failure(FilterProperties.class, "tagpulse.filter.rocksdb-memory=100KB"))
            .contains("tagpulse.filter.rocksdb-memory must be at least 1MB");
    }
}
