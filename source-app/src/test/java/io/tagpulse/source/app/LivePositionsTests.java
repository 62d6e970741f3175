package io.tagpulse.source.app;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Each live source that keeps a position keeps it under a key of its own in the positions topic. */
class LivePositionsTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "jetstream | -       | -      | jetstream",
        "mastodon  | -       | -      | mastodon",
        "mastodon  | -       | trends | mastodon@trends",
        "mastodon  | social  | trends | social",
        "jetstream | bsky-a  | -      | bsky-a"})
    void shouldKeepEachSourcesPositionUnderItsOwnKey(String mode, String positionKey, String stream, String key) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("tagpulse.source.mode", mode));
        if (positionKey != null) {
            settings.put("tagpulse.source." + mode + ".position-key", positionKey);
        }
        SourceProperties properties = new Binder(new MapConfigurationPropertySource(settings))
            .bindOrCreate("tagpulse.source", SourceProperties.class);

        try (KafkaPositionStore store = new SourceApplication().livePositions(properties, new MockEnvironment(),
                stream == null ? "" : stream)) {
            assertThat(store.key()).isEqualTo(key);
        }
    }
}
