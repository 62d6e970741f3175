package io.tagpulse.dataflow.cli;

import java.util.List;
import java.util.Map;

import io.tagpulse.dataflow.cli.ApplyPlan.Kind;
import io.tagpulse.dataflow.cli.ApplyPlan.ServerStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplyPlanTests {

    private static final List<AppRegistration> APPS = List.of(
            new AppRegistration("source", "in", "file:/a/in.jar", "file:/a/in-metadata.jar"),
            new AppRegistration("sink", "out", "file:/a/out.jar", null));

    private static final List<StreamDefinition> STREAMS = List.of(
            new StreamDefinition("main", "in | out", "main.dsl:1"));

    @Test
    void shouldRegisterAndCreateEverythingOnAnEmptyServer() {
        ApplyPlan plan = ApplyPlan.of(APPS, Map.of(), STREAMS, Map.of());

        assertThat(plan.steps()).extracting(ApplyPlan.Step::kind)
            .containsExactly(Kind.REGISTER, Kind.REGISTER, Kind.CREATE_STREAM);
        assertThat(plan.changesNothing()).isFalse();
    }

    @Test
    void shouldChangeNothingWhenTheServerMatches() {
        ApplyPlan plan = ApplyPlan.of(APPS, Map.of("source/in", "file:/a/in.jar", "sink/out", "file:/a/out.jar"),
                STREAMS, Map.of("main", new ServerStream("in  |   out", "deployed")));

        assertThat(plan.changesNothing()).isTrue();
    }

    @Test
    void shouldReRegisterAnAppWhoseUriChanged() {
        ApplyPlan plan = ApplyPlan.of(APPS, Map.of("source/in", "file:/old/in.jar", "sink/out", "file:/a/out.jar"),
                List.of(), Map.of());

        assertThat(plan.steps()).extracting(ApplyPlan.Step::kind)
            .containsExactly(Kind.REPLACE_REGISTRATION, Kind.KEEP_APP);
    }

    @Test
    void shouldRecreateAnUndeployedStreamWhoseDefinitionChanged() {
        ApplyPlan plan = ApplyPlan.of(List.of(), Map.of(), STREAMS,
                Map.of("main", new ServerStream("in | other", "undeployed")));

        assertThat(plan.steps()).extracting(ApplyPlan.Step::kind).containsExactly(Kind.RECREATE_STREAM);
    }

    @Test
    void shouldKeepAStreamTheServerHoldsWithItsPropertiesReordered() {
        ApplyPlan plan = ApplyPlan.of(List.of(), Map.of(),
                List.of(new StreamDefinition("tap", ":main.in > out: tagpulse-sink --a=1 --b=2", "tap.dsl:1")),
                Map.of("tap", new ServerStream(":main.in > out: tagpulse-sink --b=2 --a=1", "deployed")));

        assertThat(plan.steps()).extracting(ApplyPlan.Step::kind).containsExactly(Kind.KEEP_STREAM);
    }

    @Test
    void shouldRefuseToChangeADeployedStream() {
        assertThatThrownBy(() -> ApplyPlan.of(List.of(), Map.of(), STREAMS,
                Map.of("main", new ServerStream("in | other", "deployed"))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("stream 'main' (main.dsl:1) is deployed on the server with a different definition")
            .hasMessageContaining("undeploy main");
    }
}
