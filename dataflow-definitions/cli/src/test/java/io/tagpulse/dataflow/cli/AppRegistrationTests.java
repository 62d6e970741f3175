package io.tagpulse.dataflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppRegistrationTests {

    @TempDir
    Path dir;

    @Test
    void shouldResolveRelativeFileUrisAgainstTheRegistrationFile() throws Exception {
        Path file = write("apps.properties", """
                sink.store=file:../build/sink.jar
                sink.store.metadata=file:../build/sink-metadata.jar
                source.in=maven://io.tagpulse:source-app:1.0
                """);

        List<AppRegistration> apps = AppRegistration.load(file);

        assertThat(apps).containsExactly(
                new AppRegistration("sink", "store", dir.getParent().resolve("build/sink.jar").toUri().toString(),
                        dir.getParent().resolve("build/sink-metadata.jar").toUri().toString()),
                new AppRegistration("source", "in", "maven://io.tagpulse:source-app:1.0", null));
        assertThat(apps.get(0).uri()).startsWith("file:///");
    }

    @Test
    void shouldRejectAnUnknownTypeNamingFileAndKey() throws Exception {
        Path file = write("apps.properties", "souce.in=maven://io.tagpulse:source-app:1.0\n");

        assertThatThrownBy(() -> AppRegistration.load(file)).isInstanceOf(DefinitionException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("'souce.in' has type 'souce'");
    }

    @Test
    void shouldRejectMetadataWithoutItsApp() throws Exception {
        Path file = write("apps.properties", """
                sink.store=file:/x/sink.jar
                sink.stor.metadata=file:/x/sink-metadata.jar
                """);

        assertThatThrownBy(() -> AppRegistration.load(file)).isInstanceOf(DefinitionException.class)
            .hasMessageContaining("sink.stor.metadata has no app sink.stor");
    }

    @Test
    void shouldReadTheProjectsRegistrationFilesWithMetadataForEveryApp() {
        for (String name : List.of("local.properties", "local-maven.properties", "kubernetes.properties")) {
            List<AppRegistration> apps = AppRegistration.load(Path.of("../apps", name));
            assertThat(apps).as(name).extracting(AppRegistration::name).containsExactlyInAnyOrder("tagpulse-source",
                    "tagpulse-filter", "tagpulse-processor", "tagpulse-counter", "tagpulse-sink", "tagpulse-dashboard");
            assertThat(apps).as(name).allSatisfy(app -> assertThat(app.metadataUri()).contains("metadata"));
        }
        assertThat(AppRegistration.load(Path.of("../apps/local.properties")))
            .allSatisfy(app -> assertThat(Path.of(java.net.URI.create(app.uri())))
                .startsWith(Path.of("../..").toAbsolutePath().normalize()));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
