package io.tagpulse.source.app;

import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostSource;
import io.tagpulse.source.connector.LeaderGatedSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the source of the mode with the app: started once the app is up, stopped (saving its position) before the
 * binder goes away; none in http mode. Its health is the {@code source} component of {@code /actuator/health}: UP
 * while it reads, when it has finished, and while it stands by for the replica that leads it (a live source whose
 * replicas elect a reader says {@code role}: leader or standby), DOWN while it waits to reconnect or after a failure;
 * it is in neither the liveness group (a restart does not bring a platform back) nor readiness (the HTTP endpoint
 * still takes posts).
 */
class PostSourceLifecycle implements SmartLifecycle, HealthIndicator {

    private final PostSource source;

    private final PostSink sink;

    private volatile boolean running;

    /** @param source the source, {@code null} for none */
    PostSourceLifecycle(PostSource source, PostSink sink) {
        this.source = source;
        this.sink = sink;
    }

    @Override
    public void start() {
        if (source != null) {
            source.start(sink);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (source != null) {
            source.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        if (source == null) {
            return Health.up().withDetail("mode", "http").build();
        }
        PostSource.Status status = source.status();
        Health.Builder health = switch (status.state()) {
            case RUNNING, FINISHED, STANDBY -> Health.up();
            case STARTING -> Health.unknown();
            case RECONNECTING, FAILED -> Health.down();
            case STOPPED -> Health.outOfService();
        };
        health.withDetail("source", source.name()).withDetail("state", status.state()).withDetail("detail",
                status.detail());
        if (source instanceof LeaderGatedSource gated) {
            health.withDetail("role", gated.isLeader() ? "leader" : "standby").withDetail("sourceId", gated.id());
        }
        long position = source.acknowledgedUpTo();
        if (position != PostSource.NO_POSITION) {
            health.withDetail("acknowledgedUpTo", position);
        }
        return health.build();
    }

    /** @return the health of the source's position: DOWN while it cannot be kept, UP otherwise */
    Health positionHealth() {
        PostSource.PositionStatus status = source == null ? null : source.positionStatus().orElse(null);
        if (status == null) {
            return Health.up().withDetail("positions", "none kept by this source").build();
        }
        Health.Builder health = status.failure() == null ? Health.up()
                : Health.down().withDetail("failure", status.failure());
        if (status.saved() != PostSource.NO_POSITION) {
            health.withDetail("saved", status.saved());
        }
        if (status.acknowledgedUpTo() != PostSource.NO_POSITION) {
            health.withDetail("acknowledgedUpTo", status.acknowledgedUpTo());
        }
        return health.withDetail("source", source.name()).build();
    }

    /** For tests: the source, {@code null} in http mode. */
    PostSource source() {
        return source;
    }
}
