package io.tagpulse.counter.app;

import java.time.Duration;

import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.window.EmitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

import static io.tagpulse.testing.PropertiesBinding.bind;
import static io.tagpulse.testing.PropertiesBinding.failure;
import static org.assertj.core.api.Assertions.assertThat;

class CounterPropertiesTests {

    @Test
    void shouldDefaultToOneSecondWindowsWithTenSecondsGrace() {
        CounterProperties properties = bind(CounterProperties.class);

        assertThat(properties.windowSize()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(properties.hopSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.hopAdvance()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.emitMode()).isEqualTo(EmitMode.UPDATES);
        assertThat(properties.emitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.rocksdbMemory()).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(properties.standbyReplicas()).isZero();
        assertThat(properties.toSettings()).isEqualTo(CounterSettings.defaults().withWindows(Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @Test
    void shouldBindEmitModeTrendAndResourceSettings() {
        CounterProperties properties = bind(CounterProperties.class, "tagpulse.counter.emit-mode=final",
                "tagpulse.counter.max-delay=2h", "tagpulse.counter.hop-size=0", "tagpulse.counter.trend.min-authors=7",
                "tagpulse.counter.trend.scopes=global,platform", "tagpulse.counter.trend.block-list=spam*,#Casino",
                "tagpulse.counter.trend.refresh=5s", "tagpulse.counter.rocksdb-memory=128MB",
                "tagpulse.counter.standby-replicas=1");

        CounterSettings settings = properties.toSettings();
        assertThat(settings.emitMode()).isEqualTo(EmitMode.FINAL);
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.hasHopping()).isFalse();
        assertThat(settings.trend().rules().minAuthors()).isEqualTo(7);
        assertThat(settings.trend().scopes()).containsExactlyInAnyOrder("global", "platform");
        assertThat(settings.trend().blockList().blocks("spamalot")).isTrue();
        assertThat(settings.trend().blockList().blocks("casino")).isTrue();
        assertThat(settings.trend().blockList().blocks("kafka")).isFalse();
        assertThat(settings.trend().refresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.rocksdbMemory()).isEqualTo(DataSize.ofMegabytes(128));
        assertThat(properties.standbyReplicas()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "hop-advance=2m, hop-advance must not exceed tagpulse.counter.hop-size",
        "rocksdb-memory=100KB, rocksdb-memory must be at least 1MB",
        "trend.bucket=7s, bucket and author-bucket must divide short-horizon",
        "trend.long-horizon=6m, long-horizon must be at least twice short-horizon",
        "trend.exit-score=6, enter-score must be above exit-score",
        "trend.block-list=*, no pattern may block every tag",
    })
    void shouldRejectInconsistentSettingsWithAClearMessage(String setting, String message) {
        assertThat(failure(CounterProperties.class, "tagpulse.counter." + setting)).contains(message);
    }

    @Test
    void shouldBindDurationsWithUnits() {
        CounterProperties properties = bind(CounterProperties.class, "tagpulse.counter.window-size=1m",
                "tagpulse.counter.grace=0", "tagpulse.counter.commit-interval=2s", "tagpulse.counter.max-delay=6h");

        assertThat(properties.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.grace()).isZero();
        assertThat(properties.commitInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxDelay()).isEqualTo(Duration.ofHours(6));
    }

    @ParameterizedTest
    @CsvSource({
        "window-size, 0s, windowSize",
        "window-size, -1s, windowSize",
        "grace, -1ms, grace",
        "commit-interval, -1s, commitInterval",
        "max-delay, -5m, maxDelay",
        "hop-advance, 0s, hopAdvance",
        "emit-interval, -1s, emitInterval",
        "trend.min-mentions, 0, minMentions",
        "trend.hot-fraction, 1.5, hotFraction",
        "trend.refresh, 0s, refresh",
        "trend.scopes, 'global,galaxy', scopes",
        "trend.related-size, 6, relatedSize",
        "standby-replicas, -1, standbyReplicas",
    })
    void shouldFailAtStartupNamingTheInvalidProperty(String property, String value, String field) {
        assertThat(failure(CounterProperties.class, "tagpulse.counter." + property + "=" + value))
            .contains("tagpulse.counter")
            .contains(field);
    }
}
