package io.tagpulse.source.connector;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grant and revoke against start and stop, in every order: the source reads exactly while started and leading. */
class LeaderGatedSourceTests {

    /** A source that records its starts and stops, and what it was doing at each call. */
    private static final class RecordingSource implements PostSource {

        final List<String> calls = new CopyOnWriteArrayList<>();

        private volatile boolean running;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void start(PostSink sink) {
            if (running) {
                throw new IllegalStateException("started twice");
            }
            running = true;
            calls.add("start");
        }

        @Override
        public void stop() {
            running = false;
            calls.add("stop");
        }

        @Override
        public Status status() {
            return running ? new Status(State.RUNNING, "reading") : Status.STOPPED;
        }
    }

    private static final PostSink SINK = post -> CompletableFuture.completedFuture(null);

    private final RecordingSource source = new RecordingSource();

    private final LeaderGatedSource gated = new LeaderGatedSource(source, "jetstream@hashtags");

    @Test
    void shouldStandByWithoutReadingUntilGranted() {
        gated.start(SINK);

        assertThat(source.calls).isEmpty();
        assertThat(gated.isLeader()).isFalse();
        assertThat(gated.status().state()).isEqualTo(PostSource.State.STANDBY);
        assertThat(gated.status().detail()).contains("jetstream@hashtags");

        gated.granted();

        assertThat(source.calls).containsExactly("start");
        assertThat(gated.isLeader()).isTrue();
        assertThat(gated.isReading()).isTrue();
        assertThat(gated.status().state()).isEqualTo(PostSource.State.RUNNING);
    }

    @Test
    void shouldReadAtStartWhenLeadershipCameFirst() {
        gated.granted();
        assertThat(source.calls).as("not started yet: nowhere to send posts").isEmpty();

        gated.start(SINK);

        assertThat(source.calls).containsExactly("start");
    }

    @Test
    void shouldStopReadingWhenRevokedAndReadAgainWhenGrantedAgain() {
        gated.start(SINK);
        gated.granted();

        gated.revoked();

        assertThat(source.calls).containsExactly("start", "stop");
        assertThat(gated.isLeader()).isFalse();
        assertThat(gated.status().state()).isEqualTo(PostSource.State.STANDBY);

        gated.granted();

        assertThat(source.calls).containsExactly("start", "stop", "start");
    }

    @Test
    void shouldIgnoreARepeatedGrantOrRevoke() {
        gated.start(SINK);
        gated.granted();
        gated.granted();
        gated.revoked();
        gated.revoked();

        assertThat(source.calls).containsExactly("start", "stop");
    }

    @Test
    void shouldStopReadingAtStopAndNotStartOnALaterGrant() {
        gated.start(SINK);
        gated.granted();

        gated.stop();
        gated.revoked();
        gated.granted();

        assertThat(source.calls).containsExactly("start", "stop");
        assertThat(gated.status().state()).isEqualTo(PostSource.State.STOPPED);
    }

    @Test
    void shouldNotReadWhenRevokedBeforeStart() {
        gated.granted();
        gated.revoked();
        gated.start(SINK);

        assertThat(source.calls).isEmpty();
        assertThat(gated.status().state()).isEqualTo(PostSource.State.STANDBY);
    }

    @Test
    void shouldRefuseASecondStart() {
        gated.start(SINK);

        assertThatThrownBy(() -> gated.start(SINK)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("running already");
    }
}
