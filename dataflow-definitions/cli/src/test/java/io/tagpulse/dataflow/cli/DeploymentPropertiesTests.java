package io.tagpulse.dataflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentPropertiesTests {

    @TempDir
    Path dir;

    @Test
    void shouldLetALaterFileOverrideAnEarlierOne() throws Exception {
        Path base = Files.writeString(dir.resolve("base.properties"), "app.in.server.port=8081\ndeployer.out.count=1\n");
        Path local = Files.writeString(dir.resolve("local.properties"), "app.in.server.port=9999\n");

        assertThat(DeploymentProperties.load(List.of(base, local)))
            .containsExactlyInAnyOrderEntriesOf(Map.of("app.in.server.port", "9999", "deployer.out.count", "1"));
    }

    @Test
    void shouldRejectAKeyThatIsNoDeploymentProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "server.port=8081\n");

        assertThatThrownBy(() -> DeploymentProperties.load(List.of(file))).isInstanceOf(DefinitionException.class)
            .hasMessageContaining(file + ": 'server.port' is not a deployment property");
    }

    @Test
    void shouldReadTheProjectsDeploymentFiles() {
        assertThat(DeploymentProperties.load(List.of(Path.of("../deployment/local.properties"))))
            .containsKey("app.count.spring.cloud.stream.kafka.streams.binder.configuration.state.dir");
        assertThat(DeploymentProperties.load(List.of(Path.of("../deployment/kubernetes.properties"))))
            .containsEntry("deployer.count.count", "3");
        assertThat(DeploymentProperties.load(List.of(Path.of("../deployment/dashboard-local.properties"))))
            .containsEntry("app.dashboard.server.port", "8080");
        assertThat(DeploymentProperties.load(List.of(Path.of("../deployment/dashboard-kubernetes.properties"))))
            .containsEntry("deployer.dashboard.count", "2");
    }
}
