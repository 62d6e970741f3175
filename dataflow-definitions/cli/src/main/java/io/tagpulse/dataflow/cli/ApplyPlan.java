package io.tagpulse.dataflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code apply} must change on the server to match the definitions, worked out from both sides' state
 * without touching the server: applying the same definitions twice does nothing the second time.
 */
public final class ApplyPlan {

    /** What to do with one app or stream. */
    public enum Kind {
        REGISTER, REPLACE_REGISTRATION, KEEP_APP, CREATE_STREAM, RECREATE_STREAM, KEEP_STREAM
    }

    /** One step of the plan; {@code subject} is {@code type/name} for apps, the stream name for streams. */
    public record Step(Kind kind, String subject, String detail) {

        public boolean changes() {
            return kind != Kind.KEEP_APP && kind != Kind.KEEP_STREAM;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case REGISTER -> "register app " + subject + " = " + detail;
                case REPLACE_REGISTRATION -> "re-register app " + subject + " = " + detail;
                case KEEP_APP -> "app " + subject + " is registered as defined";
                case CREATE_STREAM -> "create stream " + subject + " = " + detail;
                case RECREATE_STREAM -> "destroy and re-create undeployed stream " + subject + " = " + detail;
                case KEEP_STREAM -> "stream " + subject + " is defined as in the files";
            };
        }
    }

    /** A stream as the server holds it. */
    public record ServerStream(String dsl, String status) {

        boolean deployed() {
            return status != null && !"undeployed".equalsIgnoreCase(status);
        }
    }

    private final List<Step> steps;

    private ApplyPlan(List<Step> steps) {
        this.steps = steps;
    }

    /**
     * @param apps the registrations wanted
     * @param registered the URI of each registered app, keyed {@code type/name}
     * @param streams the streams wanted
     * @param existing the server's streams by name
     * @throws IllegalStateException when a deployed stream has a different definition: Data Flow cannot change the
     * definition of a deployed stream, and undeploying it is the user's call
     */
    public static ApplyPlan of(List<AppRegistration> apps, Map<String, String> registered,
            List<StreamDefinition> streams, Map<String, ServerStream> existing) {
        List<Step> steps = new ArrayList<>();
        for (AppRegistration app : apps) {
            String key = app.type() + "/" + app.name();
            String current = registered.get(key);
            if (current == null) {
                steps.add(new Step(Kind.REGISTER, key, app.uri()));
            }
            else if (!Objects.equals(current, app.uri())) {
                steps.add(new Step(Kind.REPLACE_REGISTRATION, key, app.uri() + " (was " + current + ")"));
            }
            else {
                steps.add(new Step(Kind.KEEP_APP, key, app.uri()));
            }
        }
        for (StreamDefinition stream : streams) {
            ServerStream current = existing.get(stream.name());
            if (current == null) {
                steps.add(new Step(Kind.CREATE_STREAM, stream.name(), stream.dsl()));
            }
            else if (StreamDefinition.sameStream(stream.name(), current.dsl(), stream.dsl())) {
                steps.add(new Step(Kind.KEEP_STREAM, stream.name(), stream.dsl()));
            }
            else if (current.deployed()) {
                throw new IllegalStateException("stream '" + stream.name() + "' (" + stream.location() + ") is "
                        + current.status() + " on the server with a different definition:\n    server: " + current.dsl()
                        + "\n    file:   " + stream.dsl() + "\nUndeploy it first (undeploy " + stream.name()
                        + "), then apply again.");
            }
            else {
                steps.add(new Step(Kind.RECREATE_STREAM, stream.name(), stream.dsl()));
            }
        }
        return new ApplyPlan(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean changesNothing() {
        return steps.stream().noneMatch(Step::changes);
    }
}
