package io.tagpulse.source.app;

import java.util.Optional;

import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code positions} health component: DOWN with the reason while a source's position cannot be kept. */
class PositionHealthTests {

    /** A source that reports the position status it is given. */
    private record Reporting(PostSource.PositionStatus positions) implements PostSource {

        @Override
        public String name() {
            return "jetstream";
        }

        @Override
        public void start(PostSink sink) {
        }

        @Override
        public void stop() {
        }

        @Override
        public Status status() {
            return new Status(State.RUNNING, "reading");
        }

        @Override
        public Optional<PositionStatus> positionStatus() {
            return Optional.ofNullable(positions);
        }
    }

    private static Health health(PostSource source) {
        return new PostSourceLifecycle(source, post -> null).positionHealth();
    }

    @Test
    void shouldBeDownWithTheReasonWhileThePositionCannotBeSaved() {
        Health health = health(new Reporting(new PostSource.PositionStatus(100, 250,
                "could not save position 250: Kafka did not take it")));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("failure", "could not save position 250: Kafka did not take it")
            .containsEntry("saved", 100L)
            .containsEntry("acknowledgedUpTo", 250L);
    }

    @Test
    void shouldBeUpWithThePositionsWhileSavesWork() {
        Health health = health(new Reporting(new PostSource.PositionStatus(250, 250, null)));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("saved", 250L).doesNotContainKey("failure");
    }

    @Test
    void shouldBeUpForASourceThatKeepsNoPosition() {
        assertThat(health(new Reporting(null)).getStatus()).isEqualTo(Status.UP);
        assertThat(health(null).getStatus()).isEqualTo(Status.UP);
    }
}
